// JSON responses that can carry BigInt (PT amounts) as decimal strings.
import { bigintReplacer } from "@/lib/errors";

export function json(data: unknown, init?: ResponseInit): Response {
  const headers = new Headers(init?.headers);
  headers.set("content-type", "application/json; charset=utf-8");
  if (!headers.has("cache-control")) headers.set("cache-control", "no-store");
  return new Response(JSON.stringify(data, bigintReplacer), { ...init, headers });
}
