// One error type for the whole app. A code maps to one HTTP status and one JSON shape:
// { "error": { "code": "...", "message": "...", "details"?: ... } }. Unknown errors become a
// generic 500 and never leak their message, stack or database text to the client.
import { z } from "zod";

export const ERROR_STATUS = {
  bad_request: 400,
  invalid_json: 400,
  validation_failed: 422,
  unauthorized: 401,
  forbidden: 403,
  two_factor_required: 403,
  forbidden_origin: 403,
  account_frozen: 403,
  email_unverified: 403,
  legal_acceptance_required: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  idempotency_conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  pt_exhausted: 402,
  budget_exceeded: 402,
  price_unknown: 422,
  rate_limited: 429,
  webhook_signature_invalid: 400,
  service_unavailable: 503,
  internal: 500,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

const DEFAULT_MESSAGES: Record<ErrorCode, string> = {
  bad_request: "The request is not valid.",
  invalid_json: "The request body is not valid JSON.",
  validation_failed: "Some fields are not valid.",
  unauthorized: "Sign in to continue.",
  forbidden: "You are not allowed to do that.",
  two_factor_required: "Set up two-factor authentication to continue.",
  forbidden_origin: "This request came from another site and was refused.",
  account_frozen: "This account is frozen.",
  email_unverified: "Verify your email address first.",
  legal_acceptance_required: "Please review and accept the updated Terms and Privacy Policy to continue.",
  not_found: "Not found.",
  method_not_allowed: "Method not allowed.",
  conflict: "The request conflicts with the current state.",
  idempotency_conflict: "This key was already used with different parameters.",
  payload_too_large: "The request body is too large.",
  unsupported_media_type: "Unsupported content type.",
  pt_exhausted: "Not enough PT for this request.",
  budget_exceeded: "This request could take you over your monthly budget.",
  price_unknown: "This model has no price and cannot be used.",
  rate_limited: "Too many requests. Try again shortly.",
  webhook_signature_invalid: "Invalid webhook signature.",
  service_unavailable: "The service is temporarily unavailable.",
  internal: "Something went wrong on our side.",
};

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details?: unknown;
  readonly headers?: Record<string, string>;

  constructor(code: ErrorCode, message?: string, details?: unknown, headers?: Record<string, string>) {
    super(message ?? DEFAULT_MESSAGES[code]);
    this.name = "AppError";
    this.code = code;
    this.details = details;
    this.headers = headers;
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}

export type ErrorBody = {
  error: { code: ErrorCode; message: string; details?: unknown; requestId?: string };
};

/** Turns anything thrown into an AppError: zod failures become validation errors, the rest internal. */
export function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  if (error instanceof z.ZodError) {
    return new AppError(
      "validation_failed",
      undefined,
      error.issues.map((i) => ({ path: i.path.map(String).join("."), message: i.message })),
    );
  }
  if (isOverloaded(error)) {
    // Nothing ran: the transaction never started or no connection was free. The client may retry.
    return new AppError("service_unavailable", "The service is busy; please retry in a moment.", undefined, {
      "retry-after": "1",
    });
  }
  return new AppError("internal");
}

/**
 * The database was too busy to start the work (Prisma P2028: no connection free within the
 * interactive transaction's maxWait; pg's pool connection timeout). Recognised by shape, so this
 * core module needs no Prisma import.
 */
function isOverloaded(error: unknown): boolean {
  if (!error || typeof error !== "object") return false;
  const { code, message } = error as { code?: unknown; message?: unknown };
  if (code === "P2028" && typeof message === "string" && message.includes("Unable to start a transaction"))
    return true;
  return typeof message === "string" && message.startsWith("timeout exceeded when trying to connect");
}

/** The one serializer for error responses. */
export function errorBody(error: AppError, requestId?: string): ErrorBody {
  const body: ErrorBody = { error: { code: error.code, message: error.message } };
  if (error.details !== undefined) body.error.details = error.details;
  if (requestId) body.error.requestId = requestId;
  return body;
}

export function errorResponse(error: AppError, requestId?: string): Response {
  const headers = new Headers(error.headers);
  headers.set("content-type", "application/json; charset=utf-8");
  headers.set("cache-control", "no-store");
  if (requestId) headers.set("x-request-id", requestId);
  return new Response(JSON.stringify(errorBody(error, requestId), bigintReplacer), {
    status: error.status,
    headers,
  });
}

/** JSON.stringify replacer that writes BigInt as a decimal string (PT amounts are BigInt). */
export function bigintReplacer(_key: string, value: unknown): unknown {
  return typeof value === "bigint" ? value.toString() : value;
}
