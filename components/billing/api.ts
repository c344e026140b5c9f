// Small client helpers for the billing pages: JSON calls that surface the API's error code.
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export async function callApi<T>(path: string, init?: { method?: string; body?: unknown }): Promise<T> {
  const response = await fetch(path, {
    method: init?.method ?? "GET",
    headers: init?.body === undefined ? undefined : { "content-type": "application/json" },
    body: init?.body === undefined ? undefined : JSON.stringify(init.body),
    cache: "no-store",
  });
  const data = (await response.json().catch(() => ({}))) as { error?: { code?: string; message?: string } };
  if (!response.ok) {
    throw new ApiError(
      response.status,
      data.error?.code ?? "error",
      data.error?.message ?? "Something went wrong.",
    );
  }
  return data as T;
}

/** Where a 401 sends the user: sign in, then back here. */
export function signInHref(next: string): string {
  return `/sign-in?next=${encodeURIComponent(next)}`;
}

export function groupedPt(value: string | bigint): string {
  return new Intl.NumberFormat("en-US").format(String(value) as `${number}`);
}
