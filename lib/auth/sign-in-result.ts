// What a sign-in attempt answers. A leaf file: sign-in.ts and sign-in-failures.ts both build it.

export type SignInError =
  | "invalid_credentials"
  | "two_factor_required"
  | "two_factor_invalid"
  | "throttled"
  | "locked";

export type SignInResult =
  | { ok: true; userId: string; sessionId: string; email: string; name: string | null }
  | { ok: false; error: SignInError; retryAfterSeconds?: number };
