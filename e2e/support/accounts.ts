// Account helpers for e2e tests: unique identities, and sign-up / sign-in through the real HTTP
// endpoints (next-auth's /api/auth/csrf + /api/auth/callback/credentials).
import type { APIRequestContext } from "@playwright/test";
import { mailLink, tokenOf } from "./mailbox";

let n = 0;
export function uniqueEmail(prefix: string): string {
  n += 1;
  return `${prefix}-${Date.now()}-${n}-${Math.floor(Math.random() * 1e6)}@example.com`;
}

/** A fresh client IP per test (the server trusts X-Forwarded-For), so per-IP limits stay per test. */
export function uniqueIp(): string {
  return `10.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250) + 1}`;
}

export const PASSWORD = "tangerine otter 42 lamp";

export async function signUpApi(
  request: APIRequestContext,
  email: string,
  password = PASSWORD,
): Promise<void> {
  const response = await request.post("/api/auth/sign-up", { data: { email, password, acceptLegal: true } });
  if (response.status() !== 202)
    throw new Error(`sign-up answered ${response.status()}: ${await response.text()}`);
}

export async function verifyApi(request: APIRequestContext, email: string): Promise<void> {
  const token = tokenOf(await mailLink(request, email, "verify-email"));
  const response = await request.post("/api/auth/verify-email", { data: { token } });
  if (!response.ok()) throw new Error(`verify answered ${response.status()}`);
}

export type SignInAnswer = { status: number; error: string | null; setCookie: string };

export async function signInApi(
  request: APIRequestContext,
  input: { email: string; password: string; code?: string },
): Promise<SignInAnswer> {
  const { csrfToken } = (await (await request.get("/api/auth/csrf")).json()) as { csrfToken: string };
  const response = await request.post("/api/auth/callback/credentials", {
    form: { csrfToken, email: input.email, password: input.password, code: input.code ?? "", json: "true" },
  });
  const setCookie = response
    .headersArray()
    .filter((h) => h.name.toLowerCase() === "set-cookie")
    .map((h) => h.value)
    .join("\n");
  if (response.status() === 429) return { status: 429, error: "rate_limited", setCookie };
  const body = (await response.json().catch(() => ({}))) as { url?: string };
  const error = body.url ? new URL(body.url).searchParams.get("error") : "no_url";
  return { status: response.status(), error, setCookie };
}
