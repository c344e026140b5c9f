"use client";
// The built-in test checkout: clearly labelled, no card form. With tax on (STRIPE_AUTOMATIC_TAX=1)
// it asks for the billing address and tax id as Stripe Checkout would and shows the demo tax (not a
// real tax). Pay asks the server to send the events Stripe would send (signed, to the real webhook
// route), then goes to the success page.
import Link from "next/link";
import { type FormEvent, useEffect, useState } from "react";
import type {
  TestCheckoutResponse,
  TestPayResponse,
} from "@/app/api/billing/test-checkout/[sessionId]/schema";
import { ApiError, type WireOf } from "@/components/api-client";
import { Field } from "@/components/auth/form-parts";
import { callApi, groupedPt, signInHref } from "@/components/billing/api";

type Session = WireOf<typeof TestCheckoutResponse>;
type FieldErrors = Record<string, string>;

const BILLING_FIELDS = ["name", "line1", "line2", "postalCode", "city", "country", "taxId"] as const;

function fieldErrors(error: unknown): FieldErrors {
  if (!(error instanceof ApiError) || !Array.isArray(error.details)) return {};
  const out: FieldErrors = {};
  for (const issue of error.details as { path?: string; message?: string }[]) {
    const field = issue.path?.replace(/^billing\.?/, "") || "name";
    if (issue.message && !out[field]) out[field] = issue.message;
  }
  return out;
}

export function TestCheckout({ sessionId }: { sessionId: string }) {
  const [session, setSession] = useState<Session | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [errors, setErrors] = useState<FieldErrors>({});
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

  async function pay(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    setErrors({});
    const data = new FormData(event.currentTarget);
    const billing = Object.fromEntries(
      BILLING_FIELDS.map((f) => [f, String(data.get(f) ?? "").trim()]).filter(([, v]) => v !== ""),
    );
    try {
      const { successUrl } = await callApi<WireOf<typeof TestPayResponse>>(path, {
        method: "POST",
        body: session?.tax ? { billing } : {},
      });
      window.location.assign(successUrl);
    } catch (e) {
      setErrors(fieldErrors(e));
      setError(e instanceof Error ? e.message : "Payment failed.");
      setBusy(false);
    }
  }

  const total = session?.tax?.total ?? session?.amount;
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
        <form onSubmit={pay} noValidate aria-label="Test payment">
          <p className="mt-3 text-lg text-ink">
            {session.kind === "plan" ? `${session.productId} plan, monthly` : `${session.productId} top-up`}:{" "}
            <strong>{session.amount}</strong> for {groupedPt(session.pt)} PT
          </p>
          {session.tax && (
            <>
              <dl data-testid="test-checkout-tax" className="mt-3 space-y-1 text-sm">
                <div className="flex justify-between gap-4">
                  <dt className="text-slate-600">Subtotal</dt>
                  <dd className="tabular-nums text-ink">{session.amount}</dd>
                </div>
                <div className="flex justify-between gap-4">
                  <dt className="text-slate-600">{session.tax.label}</dt>
                  <dd className="tabular-nums text-ink">{session.tax.amount}</dd>
                </div>
                <div className="flex justify-between gap-4 border-t border-slate-200 pt-1 font-semibold">
                  <dt className="text-ink">Total</dt>
                  <dd className="tabular-nums text-ink">{session.tax.total}</dd>
                </div>
              </dl>
              <fieldset className="mt-5 space-y-3" disabled={session.status !== "pending" || busy}>
                <legend className="text-sm font-semibold text-ink">Billing details</legend>
                <p className="text-sm text-slate-600">
                  Tax is collected, so Stripe Checkout would ask for these. The demo rate is the same whatever
                  the address.
                </p>
                <Field label="Name" name="name" autoComplete="name" required error={errors.name} />
                <Field
                  label="Address"
                  name="line1"
                  autoComplete="address-line1"
                  required
                  error={errors.line1}
                />
                <Field
                  label="Address line 2 (optional)"
                  name="line2"
                  autoComplete="address-line2"
                  error={errors.line2}
                />
                <div className="grid gap-3 sm:grid-cols-3">
                  <Field
                    label="Postal code"
                    name="postalCode"
                    autoComplete="postal-code"
                    required
                    error={errors.postalCode}
                  />
                  <Field
                    label="City"
                    name="city"
                    autoComplete="address-level2"
                    required
                    error={errors.city}
                  />
                  <Field
                    label="Country (2 letters)"
                    name="country"
                    autoComplete="country"
                    maxLength={2}
                    required
                    error={errors.country}
                  />
                </div>
                <Field
                  label="VAT / tax id (optional)"
                  name="taxId"
                  hint="For a business purchase; shown on your receipt."
                  error={errors.taxId}
                />
              </fieldset>
            </>
          )}
          {session.status === "pending" ? (
            <button
              type="submit"
              disabled={busy}
              className="mt-5 rounded-lg bg-brand-600 px-5 py-2.5 font-semibold text-white hover:bg-brand-700 disabled:opacity-60"
            >
              {busy ? "Paying…" : `Pay ${total} (test)`}
            </button>
          ) : (
            <p className="mt-4 text-slate-700">This checkout is {session.status}.</p>
          )}
        </form>
      )}
      <Link href="/billing/cancel" className="mt-4 block text-sm text-slate-600 hover:text-slate-800">
        Cancel
      </Link>
    </div>
  );
}
