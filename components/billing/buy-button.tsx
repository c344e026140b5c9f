"use client";
// Starts a checkout (or a plan switch) and follows the returned URL; explains refusals inline.
import { useState } from "react";
import type { CheckoutResponse } from "@/app/api/billing/checkout/schema";
import { ApiError, type WireOf } from "@/components/api-client";
import { callApi, signInHref } from "@/components/billing/api";

export function BuyButton({
  choice,
  label,
}: {
  choice: { planId: string } | { packId: string };
  label: string;
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  async function buy() {
    setBusy(true);
    setError(null);
    try {
      const { url } = await callApi<WireOf<typeof CheckoutResponse>>("/api/billing/checkout", {
        method: "POST",
        body: choice,
      });
      window.location.assign(url);
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) {
        window.location.assign(signInHref("/pricing"));
        return;
      }
      setError(e instanceof Error ? e.message : "Something went wrong.");
      setBusy(false);
    }
  }
  return (
    <div>
      <button
        type="button"
        onClick={buy}
        disabled={busy}
        className="w-full rounded-lg bg-brand-600 px-4 py-2.5 font-semibold text-white hover:bg-brand-700 disabled:opacity-60"
      >
        {busy ? "Opening checkout…" : label}
      </button>
      {error && (
        <p role="alert" className="mt-2 text-sm text-red-700">
          {error}
        </p>
      )}
      <p className="mt-2 text-xs text-slate-600">
        By buying you agree to the{" "}
        <a href="/legal/terms" className="underline">
          Terms
        </a>{" "}
        and the{" "}
        <a href="/legal/refunds" className="underline">
          Refund Policy
        </a>
        .
      </p>
    </div>
  );
}
