// Browser-side calls: next-auth's credentials sign-in and sign-out (CSRF token first, then a
// form POST with json=true so the answer is JSON, not a redirect) and JSON calls to our API.
// Used by the client components in components/auth.

export type ApiError = { code: string; message: string; details?: { path: string; message: string }[] };
export type ApiResult<T> = { ok: true; data: T } | { ok: false; status: number; error: ApiError };

export async function api<T>(
  path: string,
  init: { method?: string; body?: unknown } = {},
): Promise<ApiResult<T>> {
  let response: Response;
  try {
    response = await fetch(path, {
      method: init.method ?? (init.body === undefined ? "GET" : "POST"),
      headers: init.body === undefined ? undefined : { "content-type": "application/json" },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
      credentials: "same-origin",
    });
  } catch {
    return {
      ok: false,
      status: 0,
      error: { code: "network", message: "Could not reach the server. Check your connection." },
    };
  }
  const payload = (await response.json().catch(() => null)) as { error?: ApiError } | T | null;
  if (response.ok) return { ok: true, data: payload as T };
  const error = (payload as { error?: ApiError } | null)?.error ?? {
    code: "internal",
    message: "Something went wrong.",
  };
  return { ok: false, status: response.status, error };
}

/** Field errors of a 422, keyed by field path. */
export function fieldErrors(error: ApiError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const d of error.details ?? []) if (d.path && !out[d.path]) out[d.path] = d.message;
  return out;
}

async function csrfToken(): Promise<string> {
  const response = await fetch("/api/auth/csrf", { credentials: "same-origin" });
  const data = (await response.json()) as { csrfToken?: string };
  if (!data.csrfToken) throw new Error("no csrf token");
  return data.csrfToken;
}

export type SignInOutcome =
  | { ok: true }
  | {
      ok: false;
      error:
        | "invalid_credentials"
        | "two_factor_required"
        | "two_factor_invalid"
        | "throttled"
        | "locked"
        | "rate_limited"
        | "network"
        | "unknown";
    };

export async function credentialsSignIn(input: {
  email: string;
  password: string;
  code?: string;
}): Promise<SignInOutcome> {
  try {
    const form = new URLSearchParams({
      csrfToken: await csrfToken(),
      email: input.email,
      password: input.password,
      code: input.code ?? "",
      callbackUrl: window.location.origin,
      json: "true",
    });
    const response = await fetch("/api/auth/callback/credentials", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: form,
      credentials: "same-origin",
    });
    if (response.status === 429) return { ok: false, error: "rate_limited" };
    const data = (await response.json().catch(() => ({}))) as { url?: string };
    const error = data.url ? new URL(data.url, window.location.origin).searchParams.get("error") : "unknown";
    if (!error) return { ok: true };
    const known = [
      "invalid_credentials",
      "two_factor_required",
      "two_factor_invalid",
      "throttled",
      "locked",
    ] as const;
    return {
      ok: false,
      error: (known as readonly string[]).includes(error)
        ? (error as (typeof known)[number])
        : "invalid_credentials",
    };
  } catch {
    return { ok: false, error: "network" };
  }
}

export async function signOutRequest(): Promise<void> {
  const form = new URLSearchParams({
    csrfToken: await csrfToken(),
    callbackUrl: window.location.origin,
    json: "true",
  });
  await fetch("/api/auth/signout", {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: form,
    credentials: "same-origin",
  });
}
