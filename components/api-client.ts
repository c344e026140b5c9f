// The browser's side of the API contract, shared by every client component: one JSON call and one
// error class. Response types are derived from the zod schemas beside the routes (WireOf<typeof
// Schema>, imported with `import type` so no server code reaches the bundle), as JSON delivers them.
import type { z } from "zod";
import { requestLegalAcceptance } from "@/components/legal/events";

/** What JSON makes of a server value: dates and bigints arrive as strings (lib/errors bigintReplacer). */
export type Wire<T> = T extends Date | bigint
  ? string
  : T extends (infer U)[]
    ? Wire<U>[]
    : T extends object
      ? { [K in keyof T]: Wire<T[K]> }
      : T;

/** The body a route answers with, from its response schema. */
export type WireOf<S extends z.ZodType> = Wire<z.output<S>>;

/** The body a route accepts, from its request schema (before its transforms run). */
export type RequestOf<S extends z.ZodType> = z.input<S>;

/** Every error the API answers: `{ "error": { "code", "message", "details"? } }` (lib/errors.ts). */
export type ApiErrorBody<Details = unknown> = {
  error: { code: string; message: string; details?: Details };
};

/** A non-2xx answer: its status, the API's stable code, a message safe to show, and any details. */
export class ApiError<Details = unknown> extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: Details,
  ) {
    super(message);
    this.name = "ApiError";
  }

  static fromBody<D>(status: number, body: ApiErrorBody<D> | null): ApiError<D> {
    return new ApiError<D>(
      status,
      body?.error?.code ?? "error",
      body?.error?.message ?? `Request failed (${status}). Something went wrong.`,
      body?.error?.details,
    );
  }
}

/**
 * One JSON call: sends `body` as JSON when given, answers the parsed body (undefined for 204), and
 * throws ApiError for any non-2xx answer.
 */
export async function requestJson<T>(
  path: string,
  init: { method?: string; body?: unknown; headers?: HeadersInit; signal?: AbortSignal } = {},
): Promise<T> {
  const headers = new Headers(init.headers);
  if (init.body !== undefined && !headers.has("content-type"))
    headers.set("content-type", "application/json");
  const response = await fetch(path, {
    method: init.method ?? (init.body === undefined ? "GET" : "POST"),
    headers,
    body:
      init.body === undefined
        ? undefined
        : typeof init.body === "string"
          ? init.body
          : JSON.stringify(init.body),
    signal: init.signal,
    cache: "no-store",
    credentials: "same-origin",
  });
  if (response.status === 204) return undefined as T;
  const body = (await response.json().catch(() => null)) as unknown;
  if (!response.ok) {
    const error = ApiError.fromBody(response.status, body as ApiErrorBody | null);
    // New Terms / Privacy Policy in force: the root layout's accept dialog opens (checkout and others).
    if (error.code === "legal_acceptance_required") requestLegalAcceptance(error.details);
    throw error;
  }
  return body as T;
}
