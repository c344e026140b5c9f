// Request body parsing with a size cap and one error per failure mode: too large (413), not
// JSON (415), malformed, NUL-bearing or too deeply nested (400), wrong shape (422). Nothing
// downstream sees an unchecked body, query string or path param.
import type { z } from "zod";
import { AppError } from "@/lib/errors";

export const DEFAULT_MAX_BODY_BYTES = 64 * 1024;

/** Reads the raw body as text, refusing more than maxBytes without buffering all of it. */
export async function readTextBody(request: Request, maxBytes = DEFAULT_MAX_BODY_BYTES): Promise<string> {
  const declared = request.headers.get("content-length");
  if (declared !== null && Number(declared) > maxBytes) throw new AppError("payload_too_large");
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      throw new AppError("payload_too_large");
    }
    chunks.push(value);
  }
  return new TextDecoder("utf-8", { fatal: false }).decode(Buffer.concat(chunks));
}

export async function readJsonBody(request: Request, maxBytes = DEFAULT_MAX_BODY_BYTES): Promise<unknown> {
  const type = request.headers.get("content-type") ?? "";
  if (!/^application\/([a-z.+-]*\+)?json\b/i.test(type)) {
    throw new AppError("unsupported_media_type", "Send the body as application/json.");
  }
  const text = await readTextBody(request, maxBytes);
  if (text.trim() === "") throw new AppError("invalid_json", "The request body is empty.");
  let value: unknown;
  try {
    value = JSON.parse(text) as unknown;
  } catch {
    throw new AppError("invalid_json");
  }
  assertCleanJson(value);
  return value;
}

/** Like readJsonBody, for a body that may be left out: an empty body is undefined. */
export async function readOptionalJsonBody(
  request: Request,
  maxBytes = DEFAULT_MAX_BODY_BYTES,
): Promise<unknown> {
  const text = await readTextBody(request, maxBytes);
  if (text.trim() === "") return undefined;
  const type = request.headers.get("content-type") ?? "";
  if (!/^application\/([a-z.+-]*\+)?json\b/i.test(type)) {
    throw new AppError("unsupported_media_type", "Send the body as application/json.");
  }
  let value: unknown;
  try {
    value = JSON.parse(text) as unknown;
  } catch {
    throw new AppError("invalid_json");
  }
  assertCleanJson(value);
  return value;
}

/**
 * For a handler that hands the body on to a library (next-auth): the same checks as readJsonBody
 * for a JSON body, a NUL check for a form body, and the text back to forward.
 */
export async function readCheckedBodyText(
  request: Request,
  maxBytes = DEFAULT_MAX_BODY_BYTES,
): Promise<string> {
  const type = request.headers.get("content-type") ?? "";
  const text = await readTextBody(request, maxBytes);
  if (/^application\/([a-z.+-]*\+)?json\b/i.test(type)) {
    if (text.trim() === "") throw new AppError("invalid_json", "The request body is empty.");
    try {
      assertCleanJson(JSON.parse(text));
    } catch (error) {
      if (error instanceof AppError) throw error;
      throw new AppError("invalid_json");
    }
  } else if (/^application\/x-www-form-urlencoded\b/i.test(type)) {
    assertNoNul(new URLSearchParams(text).entries());
  }
  return text;
}

/** How deep a JSON body may nest; no schema of ours goes past a handful of levels. */
export const MAX_JSON_DEPTH = 32;

/**
 * Postgres cannot store U+0000 in text (and zod lets it through), so a NUL anywhere in a string
 * would become a database error, a 500. Refused where strings enter: here for bodies (keys and
 * values, any depth), and in assertNoNul for query strings and path params.
 */
export function assertCleanJson(value: unknown): void {
  // Iterative: a recursive walk of attacker-chosen nesting could overflow the stack.
  const stack: { value: unknown; depth: number }[] = [{ value, depth: 0 }];
  while (stack.length > 0) {
    const item = stack.pop() as { value: unknown; depth: number };
    if (typeof item.value === "string") {
      if (item.value.includes("\0")) throw nulError();
    } else if (item.value !== null && typeof item.value === "object") {
      if (item.depth >= MAX_JSON_DEPTH) {
        throw new AppError("bad_request", `The JSON body nests deeper than ${MAX_JSON_DEPTH} levels.`);
      }
      for (const [key, child] of Object.entries(item.value)) {
        if (key.includes("\0")) throw nulError();
        stack.push({ value: child, depth: item.depth + 1 });
      }
    }
  }
}

/** Refuses a NUL character in any key or value (query strings, path params). */
export function assertNoNul(entries: Iterable<[string, string]>): void {
  for (const [key, value] of entries) {
    if (key.includes("\0") || value.includes("\0")) throw nulError();
  }
}

function nulError(): AppError {
  return new AppError("bad_request", "Text must not contain NUL (U+0000) characters.");
}

/** Validates a value with a zod schema, turning failures into a 422 with field issues. */
export function parseWith<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new AppError(
    "validation_failed",
    undefined,
    result.error.issues.map((i) => ({ path: i.path.map(String).join("."), message: i.message })),
  );
}

/** Query string → plain object (last value wins) for schema validation. */
export function searchParamsObject(url: string): Record<string, string> {
  const params = new URL(url).searchParams;
  assertNoNul(params.entries());
  return Object.fromEntries(params.entries());
}
