"use client";
// The verification link opens a page with this button: the token is used by a POST, so mail
// scanners that prefetch links do not spend it.
import Link from "next/link";
import { useState } from "react";
import { Notice, useHydrated } from "@/components/auth/form-parts";
import { api } from "@/lib/auth/client";

export function VerifyEmailButton({ token }: { token: string }) {
  const [state, setState] = useState<"idle" | "pending" | "done" | "error">("idle");
  const [message, setMessage] = useState("");
  const hydrated = useHydrated();

  async function verify() {
    setState("pending");
    const result = await api<{ email: string }>("/api/auth/verify-email", { body: { token } });
    if (result.ok) {
      setState("done");
      setMessage(`${result.data.email} is verified.`);
    } else {
      setState("error");
      setMessage(result.error.message);
    }
  }

  if (state === "done") {
    return (
      <Notice tone="success">
        {message}{" "}
        <Link href="/chat" className="font-semibold underline">
          Back to chat
        </Link>{" "}
        ·{" "}
        <Link href="/account" className="font-semibold underline">
          Your account
        </Link>
      </Notice>
    );
  }
  return (
    <div className="space-y-4">
      {state === "error" ? <Notice tone="error">{message}</Notice> : null}
      <button
        type="button"
        onClick={verify}
        disabled={state === "pending" || !hydrated}
        className="rounded-lg bg-brand-600 px-4 py-2.5 font-semibold text-white hover:bg-brand-700 disabled:opacity-60"
      >
        {state === "pending" ? "Verifying…" : "Verify my email address"}
      </button>
    </div>
  );
}
