// Errors of the /v1 routes in OpenAI's shape, so OpenAI clients raise their usual exceptions:
// { "error": { "message", "type", "code", "param" } }. The app's AppError codes map onto OpenAI's
// statuses and codes: 401 invalid_api_key, 402 insufficient_quota (402 budget_exceeded for the
// owner's monthly budget), 403 permission_error (legal_acceptance_required, account_frozen, …),
// 404 model_not_found, 429 rate_limit_exceeded. The request id travels in
// x-request-id as on every route.
import type { AppError } from "@/lib/errors";
import { bigintReplacer } from "@/lib/errors";

export type OpenAiErrorBody = {
  error: { message: string; type: string; code: string | null; param: string | null; details?: unknown };
};

type Mapped = { status: number; type: string; code: string | null; param?: string | null };

function reasonOf(error: AppError): string | undefined {
  const details = error.details as { reason?: unknown } | undefined;
  return details && typeof details === "object" && typeof details.reason === "string"
    ? details.reason
    : undefined;
}

export function openAiErrorOf(error: AppError): Mapped {
  const reason = reasonOf(error);
  switch (error.code) {
    case "unauthorized":
      return { status: 401, type: "invalid_request_error", code: "invalid_api_key" };
    case "pt_exhausted":
      return { status: 402, type: "insufficient_quota", code: "insufficient_quota" };
    case "budget_exceeded":
      // A spending limit the owner set: not retried (a 429 would be, by OpenAI's SDKs).
      return { status: 402, type: "insufficient_quota", code: "budget_exceeded" };
    case "rate_limited":
      return { status: 429, type: "requests", code: "rate_limit_exceeded" };
    case "not_found":
      return reason === "model_not_found"
        ? { status: 404, type: "invalid_request_error", code: "model_not_found", param: "model" }
        : { status: 404, type: "invalid_request_error", code: "not_found" };
    case "forbidden":
      return reason === "model_locked"
        ? { status: 404, type: "invalid_request_error", code: "model_not_found", param: "model" }
        : { status: 403, type: "permission_error", code: reason ?? "forbidden" };
    case "account_frozen":
    case "email_unverified":
    case "legal_acceptance_required":
      return { status: 403, type: "permission_error", code: error.code };
    case "validation_failed":
    case "bad_request":
    case "invalid_json":
    case "unsupported_media_type":
    case "payload_too_large":
      return {
        status: error.status === 422 ? 400 : error.status,
        type: "invalid_request_error",
        code: error.code,
      };
    case "method_not_allowed":
      return { status: 405, type: "invalid_request_error", code: "method_not_allowed" };
    case "conflict":
    case "idempotency_conflict":
      return { status: 409, type: "invalid_request_error", code: error.code };
    case "service_unavailable":
      return { status: 503, type: "api_error", code: reason ?? "service_unavailable" };
    default:
      return {
        status: error.status >= 500 ? error.status : 400,
        type: error.status >= 500 ? "api_error" : "invalid_request_error",
        code: error.code,
      };
  }
}

function firstParam(error: AppError): string | null {
  if (!Array.isArray(error.details)) return null;
  const path = (error.details[0] as { path?: unknown } | undefined)?.path;
  return typeof path === "string" && path ? path : null;
}

export function openAiErrorBody(error: AppError): { status: number; body: OpenAiErrorBody } {
  const m = openAiErrorOf(error);
  const body: OpenAiErrorBody = {
    error: { message: error.message, type: m.type, code: m.code, param: m.param ?? firstParam(error) },
  };
  if (error.details !== undefined) body.error.details = error.details;
  return { status: m.status, body };
}

export function openAiErrorResponse(error: AppError, requestId?: string): Response {
  const { status, body } = openAiErrorBody(error);
  const headers = new Headers(error.headers);
  headers.set("content-type", "application/json; charset=utf-8");
  headers.set("cache-control", "no-store");
  if (requestId) headers.set("x-request-id", requestId);
  return new Response(JSON.stringify(body, bigintReplacer), { status, headers });
}
