// Small client helpers for the billing pages, on the shared client (components/api-client.ts):
// JSON calls that throw its ApiError with the API's error code.
import { requestJson } from "@/components/api-client";

export function callApi<T>(path: string, init?: { method?: string; body?: unknown }): Promise<T> {
  return requestJson<T>(path, init);
}

/** Where a 401 sends the user: sign in, then back here. */
export function signInHref(next: string): string {
  return `/sign-in?next=${encodeURIComponent(next)}`;
}

export function groupedPt(value: string | bigint): string {
  return new Intl.NumberFormat("en-US").format(String(value) as `${number}`);
}
