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
    const acceptLegal = form.get("acceptLegal") === "on";
    setPending(true);
    setErrors({});
    setMessage(null);
    const result = await api<{ message: string }>("/api/auth/sign-up", {
      // Unchecked is sent as false: the server answers with the field's message.
      body: { email, password, name: name || undefined, acceptLegal },
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
      <div className="space-y-1">
        <label className="flex items-start gap-2 text-sm text-slate-700">
          <input
            type="checkbox"
            name="acceptLegal"
            required
            aria-invalid={errors.acceptLegal ? true : undefined}
            aria-describedby={errors.acceptLegal ? "acceptLegal-error" : undefined}
            className="mt-1 h-4 w-4"
          />
          <span>
            I accept the{" "}
            <a
              href="/legal/terms"
              target="_blank"
              className="font-medium text-brand-600 underline"
              rel="noopener"
            >
              Terms of Service
            </a>{" "}
            and the{" "}
            <a
              href="/legal/privacy"
              target="_blank"
              className="font-medium text-brand-600 underline"
              rel="noopener"
            >
              Privacy Policy
            </a>
            .
          </span>
        </label>
        {errors.acceptLegal ? (
          <p id="acceptLegal-error" className="text-sm text-red-700">
            {errors.acceptLegal}
          </p>
        ) : null}
      </div>
      <SubmitButton pending={pending} pendingText="Creating your account…">
        Create account
      </SubmitButton>
    </form>
  );
}
