"use client";
// Account settings forms: display name, resend verification, change password, change email.
// Password and email changes re-authenticate with the current password (and 2FA code).
import { type FormEvent, useState } from "react";
import { Field, Notice, SubmitButton, useHydrated } from "@/components/auth/form-parts";
import { api, fieldErrors } from "@/lib/auth/client";

type Status = { tone: "error" | "success"; text: string } | null;

function useSubmit() {
  const [pending, setPending] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [status, setStatus] = useState<Status>(null);
  async function run<T>(path: string, body: unknown, success: (data: T) => string): Promise<boolean> {
    setPending(true);
    setErrors({});
    setStatus(null);
    const result = await api<T>(path, { body, method: path === "/api/account" ? "PATCH" : "POST" });
    setPending(false);
    if (result.ok) {
      setStatus({ tone: "success", text: success(result.data) });
      return true;
    }
    setErrors(fieldErrors(result.error));
    setStatus({ tone: "error", text: result.error.message });
    return false;
  }
  return { pending, errors, status, run };
}

export function ProfileForm({ name }: { name: string | null }) {
  const { pending, errors, status, run } = useSubmit();
  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    await run(
      "/api/account",
      { name: String(new FormData(event.currentTarget).get("name") ?? "") },
      () => "Saved.",
    );
  }
  return (
    <form method="post" onSubmit={onSubmit} className="space-y-4" aria-label="Profile">
      {status ? <Notice tone={status.tone}>{status.text}</Notice> : null}
      <Field
        label="Display name"
        name="name"
        defaultValue={name ?? ""}
        maxLength={100}
        autoComplete="name"
        error={errors.name}
      />
      <SubmitButton pending={pending} pendingText="Saving…">
        Save profile
      </SubmitButton>
    </form>
  );
}

export function ResendVerification() {
  const { pending, status, run } = useSubmit();
  const hydrated = useHydrated();
  return (
    <div className="space-y-2">
      {status ? (
        <Notice tone={status.tone}>
          {status.tone === "success" ? "A new link is on its way." : status.text}
        </Notice>
      ) : null}
      <button
        type="button"
        disabled={pending || !hydrated}
        onClick={() => run("/api/account/verify-email/resend", {}, () => "")}
        className="rounded-lg border border-slate-300 px-3 py-2 text-sm font-medium hover:bg-slate-50 disabled:opacity-60"
      >
        {pending ? "Sending…" : "Resend verification email"}
      </button>
    </div>
  );
}

export function CodeField({ twoFactor, error, id }: { twoFactor: boolean; error?: string; id?: string }) {
  if (!twoFactor) return null;
  return (
    <Field
      id={id}
      label="Authentication code"
      name="code"
      autoComplete="one-time-code"
      required
      maxLength={32}
      error={error}
      hint="From your app, or a recovery code."
    />
  );
}

export function ChangePasswordForm({ twoFactor }: { twoFactor: boolean }) {
  const { pending, errors, status, run } = useSubmit();
  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formEl = event.currentTarget;
    const form = new FormData(formEl);
    const ok = await run<{ sessionsEnded: number }>(
      "/api/account/password",
      {
        currentPassword: String(form.get("currentPassword") ?? ""),
        newPassword: String(form.get("newPassword") ?? ""),
        code: twoFactor ? String(form.get("code") ?? "") : undefined,
      },
      (d) => `Password changed. ${d.sessionsEnded} other session(s) signed out.`,
    );
    if (ok) formEl.reset();
  }
  return (
    <form method="post" onSubmit={onSubmit} className="space-y-4" aria-label="Change password">
      {status ? <Notice tone={status.tone}>{status.text}</Notice> : null}
      <Field
        id="password-current-password"
        label="Current password"
        name="currentPassword"
        type="password"
        autoComplete="current-password"
        required
        maxLength={256}
        error={errors.currentPassword}
      />
      <Field
        label="New password"
        name="newPassword"
        type="password"
        autoComplete="new-password"
        required
        minLength={8}
        maxLength={256}
        error={errors.newPassword}
      />
      <CodeField id="password-code" twoFactor={twoFactor} error={errors.code} />
      <SubmitButton pending={pending} pendingText="Changing…">
        Change password
      </SubmitButton>
    </form>
  );
}

export function ChangeEmailForm({ twoFactor }: { twoFactor: boolean }) {
  const { pending, errors, status, run } = useSubmit();
  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formEl = event.currentTarget;
    const form = new FormData(formEl);
    const ok = await run<{ message: string }>(
      "/api/account/email",
      {
        newEmail: String(form.get("newEmail") ?? ""),
        currentPassword: String(form.get("currentPassword") ?? ""),
        code: twoFactor ? String(form.get("code") ?? "") : undefined,
      },
      (d) => d.message,
    );
    if (ok) formEl.reset();
  }
  return (
    <form method="post" onSubmit={onSubmit} className="space-y-4" aria-label="Change email">
      {status ? <Notice tone={status.tone}>{status.text}</Notice> : null}
      <Field
        label="New email address"
        name="newEmail"
        type="email"
        autoComplete="email"
        required
        maxLength={254}
        error={errors.newEmail}
      />
      <Field
        id="email-current-password"
        label="Current password"
        name="currentPassword"
        type="password"
        autoComplete="current-password"
        required
        maxLength={256}
        error={errors.currentPassword}
      />
      <CodeField id="email-code" twoFactor={twoFactor} error={errors.code} />
      <SubmitButton pending={pending} pendingText="Sending…">
        Change email
      </SubmitButton>
    </form>
  );
}
