"use client";
import { type FormEvent, useState } from "react";
import { Field, Notice, SubmitButton } from "@/components/auth/form-parts";
import { api, fieldErrors } from "@/lib/auth/client";

export function ForgotPasswordForm() {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const email = String(new FormData(event.currentTarget).get("email") ?? "");
    setPending(true);
    setError(null);
    const result = await api<{ message: string }>("/api/auth/password/forgot", { body: { email } });
    setPending(false);
    if (result.ok) setDone(result.data.message);
    else setError(fieldErrors(result.error).email ?? result.error.message);
  }

  if (done) return <Notice tone="success">{done}</Notice>;
  return (
    <form method="post" onSubmit={onSubmit} className="space-y-4" noValidate aria-label="Reset password">
      <Field
        label="Email"
        name="email"
        type="email"
        autoComplete="email"
        required
        maxLength={254}
        error={error ?? undefined}
      />
      <SubmitButton pending={pending} pendingText="Sending…">
        Send reset link
      </SubmitButton>
    </form>
  );
}
