"use client";
// Sign-in: email + password, then (when the account has 2FA) a second step asking for the
// authenticator code or a recovery code, sent together with the password to next-auth.
import Link from "next/link";
import { type FormEvent, useRef, useState } from "react";
import { Field, Notice, SubmitButton } from "@/components/auth/form-parts";
import { credentialsSignIn, type SignInOutcome } from "@/lib/auth/client";

const MESSAGES: Record<Exclude<SignInOutcome, { ok: true }>["error"], string> = {
  invalid_credentials: "That email and password do not match an account.",
  two_factor_required: "Enter the code from your authenticator app.",
  two_factor_invalid: "That code is not valid. Try the current code, or a recovery code.",
  throttled: "Too many attempts. Wait a few seconds and try again.",
  locked:
    "This account is temporarily locked after too many failed attempts. Try again later, or reset your password to unlock it now.",
  rate_limited: "Too many attempts from your network. Wait a minute and try again.",
  network: "Could not reach the server. Check your connection.",
  unknown: "Something went wrong. Try again.",
};

export function SignInForm({ next }: { next: string }) {
  const [step, setStep] = useState<"password" | "code">("password");
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const credentials = useRef({ email: "", password: "" });

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    if (step === "password") {
      credentials.current = {
        email: String(form.get("email") ?? ""),
        password: String(form.get("password") ?? ""),
      };
    }
    const code = step === "code" ? String(form.get("code") ?? "") : undefined;
    setPending(true);
    setError(null);
    const result = await credentialsSignIn({ ...credentials.current, code });
    if (result.ok) {
      window.location.assign(next);
      return;
    }
    setPending(false);
    if (result.error === "two_factor_required") {
      setStep("code");
      return;
    }
    if (step === "code" && (result.error === "locked" || result.error === "invalid_credentials"))
      setStep("password");
    setError(MESSAGES[result.error]);
  }

  return (
    <form method="post" onSubmit={onSubmit} className="space-y-4" noValidate aria-label="Sign in">
      {error ? <Notice tone="error">{error}</Notice> : null}
      {step === "password" ? (
        <>
          <Field
            label="Email"
            name="email"
            type="email"
            autoComplete="username"
            required
            autoFocus
            maxLength={254}
          />
          <Field
            label="Password"
            name="password"
            type="password"
            autoComplete="current-password"
            required
            maxLength={256}
          />
          <div className="flex items-center justify-between gap-4">
            <SubmitButton pending={pending} pendingText="Signing in…">
              Sign in
            </SubmitButton>
            <Link href="/forgot-password" className="text-sm font-medium text-brand-600 hover:text-brand-700">
              Forgot password?
            </Link>
          </div>
        </>
      ) : (
        <>
          <p className="text-slate-600">Two-factor authentication is on for this account.</p>
          <Field
            label="Authentication code"
            name="code"
            inputMode="text"
            autoComplete="one-time-code"
            required
            autoFocus
            maxLength={32}
            hint="The 6-digit code from your app, or one of your recovery codes."
          />
          <div className="flex items-center justify-between gap-4">
            <SubmitButton pending={pending} pendingText="Checking…">
              Verify
            </SubmitButton>
            <button
              type="button"
              className="text-sm font-medium text-brand-600 hover:text-brand-700"
              onClick={() => {
                setStep("password");
                setError(null);
              }}
            >
              Use another account
            </button>
          </div>
        </>
      )}
    </form>
  );
}
