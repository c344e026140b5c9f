"use client";
import Link from "next/link";
import { type FormEvent, useState } from "react";
import { Field, Notice, SubmitButton } from "@/components/auth/form-parts";
import { api, fieldErrors } from "@/lib/auth/client";

export function ResetPasswordForm({ token }: { token: string }) {
  const [pending, setPending] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);
  const [done, setDone] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const password = String(form.get("password") ?? "");
    if (password !== String(form.get("confirm") ?? "")) {
      setErrors({ confirm: "The passwords do not match." });
      return;
    }
    setPending(true);
    setErrors({});
    setMessage(null);
    const result = await api("/api/auth/password/reset", { body: { token, password } });
    setPending(false);
    if (result.ok) {
      setDone(true);
      return;
    }
    setErrors(fieldErrors(result.error));
    setMessage(result.error.message);
  }

  if (done) {
    return (
      <Notice tone="success">
        Your password was changed and every session was signed out.{" "}
        <Link href="/sign-in" className="font-semibold underline">
          Sign in
        </Link>
      </Notice>
    );
  }
  return (
    <form
      method="post"
      onSubmit={onSubmit}
      className="space-y-4"
      noValidate
      aria-label="Choose a new password"
    >
      {message ? <Notice tone="error">{message}</Notice> : null}
      <Field
        label="New password"
        name="password"
        type="password"
        autoComplete="new-password"
        required
        minLength={8}
        maxLength={256}
        error={errors.password}
      />
      <Field
        label="Repeat new password"
        name="confirm"
        type="password"
        autoComplete="new-password"
        required
        maxLength={256}
        error={errors.confirm}
      />
      <SubmitButton pending={pending} pendingText="Saving…">
        Set new password
      </SubmitButton>
    </form>
  );
}
