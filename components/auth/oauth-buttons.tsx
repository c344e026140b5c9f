"use client";
// OAuth sign-in buttons (only rendered for enabled providers). next-auth wants a POST with the
// CSRF token; with json=true it answers the provider URL, which we then navigate to (a form
// post would be stopped by CSP form-action when it redirects off-site).
import { useState } from "react";
import { useHydrated } from "@/components/auth/form-parts";

export function OAuthButtons({
  providers,
  next,
}: {
  providers: { id: string; name: string }[];
  next: string;
}) {
  const [pending, setPending] = useState<string | null>(null);
  const hydrated = useHydrated();
  if (providers.length === 0) return null;

  async function start(id: string) {
    setPending(id);
    try {
      const { csrfToken } = (await (await fetch("/api/auth/csrf")).json()) as { csrfToken: string };
      const response = await fetch(`/api/auth/signin/${id}`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({
          csrfToken,
          callbackUrl: new URL(next, window.location.origin).toString(),
          json: "true",
        }),
      });
      const { url } = (await response.json()) as { url: string };
      window.location.assign(url);
    } catch {
      setPending(null);
    }
  }

  return (
    <div className="space-y-2 border-t border-slate-200 pt-4">
      {providers.map((p) => (
        <button
          key={p.id}
          type="button"
          onClick={() => start(p.id)}
          disabled={pending !== null || !hydrated}
          className="w-full rounded-lg border border-slate-300 px-4 py-2.5 font-medium text-slate-800 hover:bg-slate-50 disabled:opacity-60"
        >
          {pending === p.id ? "Redirecting…" : `Continue with ${p.name}`}
        </button>
      ))}
    </div>
  );
}
