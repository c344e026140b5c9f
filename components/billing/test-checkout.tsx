"use client";
// The built-in test checkout: clearly labelled, no card form. Pay asks the server to send the
// events Stripe would send (signed, to the real webhook route), then goes to the success page.
import Link from "next/link";
import { useEffect, useState } from "react";
import type {
  TestCheckoutResponse,
  TestPayResponse,
} from "@/app/api/billing/test-checkout/[sessionId]/schema";
import { ApiError, type WireOf } from "@/components/api-client";
import { callApi, groupedPt, signInHref } from "@/components/billing/api";

type Session = WireOf<typeof TestCheckoutResponse>;

export function TestCheckout({ sessionId }: { sessionId: string }) {
  const [session, setSession] = useState<Session | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const path = `/api/billing/test-checkout/${encodeURIComponent(sessionId)}`;
  useEffect(() => {
    callApi<Session>(path)
      .then(setSession)
      .catch((e: unknown) => {
        if (e instanceof ApiError && e.status === 401)
          window.location.assign(signInHref(`/billing/test-checkout/${sessionId}`));
        else setError(e instanceof Error ? e.message : "Could not load this checkout.");
      });
  }, [path, sessionId]);

  async function pay() {
    setBusy(true);
    try {
      const { successUrl } = await callApi<WireOf<typeof TestPayResponse>>(path, { method: "POST" });
      window.location.assign(successUrl);
    } catch (e) {
      setError(e instanceof Error ? e.message : "Payment failed.");
      setBusy(false);
    }
  }

  return (
    <div className="mt-6 rounded-xl border-2 border-dashed border-amber-400 p-6">
      <p className="text-sm font-bold uppercase tracking-wider text-amber-700">Test mode — no real payment</p>
      {error && (
        <p role="alert" className="mt-3 text-red-700">
          {error}
        </p>
      )}
      {!session && !error && <p className="mt-3 text-slate-500">Loading…</p>}
      {session && (
        <>
          <p className="mt-3 text-lg text-ink">
            {session.kind === "plan" ? `${session.productId} plan, monthly` : `${session.productId} top-up`}:{" "}
            <strong>{session.amount}</strong> for {groupedPt(session.pt)} PT
          </p>
          {session.status === "pending" ? (
            <button
              type="button"
              onClick={pay}
              disabled={busy}
              className="mt-5 rounded-lg bg-brand-600 px-5 py-2.5 font-semibold text-white hover:bg-brand-700 disabled:opacity-60"
            >
              {busy ? "Paying…" : `Pay ${session.amount} (test)`}
            </button>
          ) : (
            <p className="mt-4 text-slate-700">This checkout is {session.status}.</p>
          )}
        </>
      )}
      <Link href="/billing/cancel" className="mt-4 block text-sm text-slate-600 hover:text-slate-800">
        Cancel
      </Link>
    </div>
  );
}
