"use client";
// Sign-up: creates the account, then signs in with the same credentials. The API answers the
// same for a taken address; then the sign-in fails and we only say to check the inbox.
import { type FormEvent, useState } from "react";
import { Field, Notice, SubmitButton } from "@/components/auth/form-parts";
import { api, credentialsSignIn, fieldErrors } from "@/lib/auth/client";

export function SignUpForm({ next = "/chat" }: { next?: string }) {
  const [pending, setPending] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<{ tone: "error" | "success"; text: string } | null>(null);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const email = String(form.get("email") ?? "");
    const password = String(form.get("password") ?? "");
    const name = String(form.get("name") ?? "");
    setPending(true);
    setErrors({});
    setMessage(null);
    const result = await api<{ message: string }>("/api/auth/sign-up", {
      body: { email, password, name: name || undefined },
    });
    if (!result.ok) {
      setPending(false);
      setErrors(fieldErrors(result.error));
      setMessage({ tone: "error", text: result.error.message });
      return;
    }
    const signIn = await credentialsSignIn({ email, password });
    if (signIn.ok) {
      // The welcome page says where the verification mail went and links back to `next`.
      window.location.assign(`/account?welcome=1&next=${encodeURIComponent(next)}`);
      return;
    }
    setPending(false);
    setMessage({ tone: "success", text: result.data.message });
  }

  return (
    <form method="post" onSubmit={onSubmit} className="space-y-4" noValidate aria-label="Sign up">
      {message ? <Notice tone={message.tone}>{message.text}</Notice> : null}
      <Field label="Name (optional)" name="name" autoComplete="name" maxLength={100} error={errors.name} />
      <Field
        label="Email"
        name="email"
        type="email"
        autoComplete="email"
        required
        maxLength={254}
        error={errors.email}
      />
      <Field
        label="Password"
        name="password"
        type="password"
        autoComplete="new-password"
        required
        minLength={8}
        maxLength={256}
        error={errors.password}
        hint="At least 8 characters. Long passphrases are welcome; common passwords are refused."
      />
      <SubmitButton pending={pending} pendingText="Creating your account…">
        Create account
      </SubmitButton>
    </form>
  );
}
