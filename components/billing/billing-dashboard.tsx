"use client";
// The billing page body: plan and renewal, PT left, purchases and invoices, and the actions
// (upgrade, top-up, portal, "I paid but don't see it"). Data from GET /api/billing/overview.
import Link from "next/link";
import { useCallback, useEffect, useState } from "react";
import { ApiError } from "@/components/api-client";
import { callApi, groupedPt, signInHref } from "@/components/billing/api";
import { formatStoredMoney } from "@/lib/money/currency";

type Overview = {
  plan: string;
  accountStatus: string;
  testMode: boolean;
  automaticTax: boolean;
  currency: string;
  seller: {
    productName: string;
    legalEntity: string;
    legalAddress?: string;
    vatId?: string;
    supportEmail: string;
  };
  hasBillingAccount: boolean;
  subscription: { plan: string; status: string; renewsAt: string | null; cancelAtPeriodEnd: boolean } | null;
  balance: {
    available: string;
    allowanceLeft: string;
    purchasedLeft: string;
    trialLeft: string;
    otherLeft: string;
    inUse: string;
    held: string;
    debt: string;
    frozen: boolean;
  };
  payments: {
    id: string;
    kind: string;
    description: string;
    amountMinor: string;
    taxMinor: string;
    taxLabel: string | null;
    currency: string;
    pt: string;
    refundedMinor: string;
    createdAt: string;
    receiptUrl: string;
  }[];
};

function money(minor: string, currency: string): string {
  return formatStoredMoney(BigInt(minor), currency);
}

export function BillingDashboard({ reason }: { reason?: string }) {
  const [data, setData] = useState<Overview | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [signedOut, setSignedOut] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      setData(await callApi<Overview>("/api/billing/overview"));
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) setSignedOut(true);
      else setError(e instanceof Error ? e.message : "Could not load billing.");
    }
  }, []);
  useEffect(() => {
    void load();
  }, [load]);

  async function portal() {
    try {
      const { url } = await callApi<{ url: string }>("/api/billing/portal", { method: "POST" });
      if (url.includes("portal=test-mode"))
        setNotice("Test mode has no Customer Portal: nothing to manage outside this page.");
      else window.location.assign(url);
    } catch (e) {
      setNotice(e instanceof Error ? e.message : "Could not open the portal.");
    }
  }
  async function sync() {
    setNotice("Checking your payments…");
    try {
      const result = await callApi<{ checked: number; applied: number }>("/api/billing/sync", {
        method: "POST",
      });
      setNotice(
        result.applied > 0
          ? `Found and applied ${result.applied} missing payment(s).`
          : "Everything you paid for is already here.",
      );
      await load();
    } catch (e) {
      setNotice(e instanceof Error ? e.message : "Could not check payments.");
    }
  }

  if (signedOut) {
    return (
      <p className="mt-6 text-slate-700">
        <Link href={signInHref("/billing")} className="font-medium text-brand-600 hover:text-brand-700">
          Sign in
        </Link>{" "}
        to see your plan and balance.
      </p>
    );
  }
  if (error)
    return (
      <p role="alert" className="mt-6 text-red-700">
        {error}
      </p>
    );
  if (!data) return <p className="mt-6 text-slate-500">Loading…</p>;
  const sub = data.subscription;
  return (
    <div className="mt-6 space-y-8">
      {reason === "pt_exhausted" && (
        <p className="rounded-lg border border-amber-300 bg-amber-50 px-4 py-3 text-amber-900">
          You have run out of PT. Upgrade your plan or buy a top-up to keep chatting.
        </p>
      )}
      {data.accountStatus === "frozen" && (
        <p role="alert" className="rounded-lg border border-red-300 bg-red-50 px-4 py-3 text-red-800">
          This account is frozen while a payment dispute is reviewed. Spending and purchases are paused.
        </p>
      )}
      <section aria-labelledby="plan-heading" className="rounded-xl border border-slate-200 p-6">
        <h2 id="plan-heading" className="text-lg font-semibold text-ink">
          Current plan:{" "}
          <span data-testid="current-plan" className="capitalize">
            {data.plan}
          </span>
        </h2>
        {sub && (
          <p className="mt-1 text-sm text-slate-600">
            Subscription {sub.status.replace("_", " ")}
            {sub.renewsAt &&
              ` · ${sub.cancelAtPeriodEnd ? "ends" : "renews"} ${new Date(sub.renewsAt).toLocaleDateString()}`}
          </p>
        )}
        <dl className="mt-4 grid gap-4 sm:grid-cols-3">
          {data.balance.frozen ? (
            <div>
              <dt className="text-sm text-slate-500">Frozen — held until the dispute is resolved</dt>
              <dd data-testid="held-pt" className="text-2xl font-bold text-red-800">
                {groupedPt(data.balance.held)} PT
              </dd>
            </div>
          ) : (
            <div>
              <dt className="text-sm text-slate-500">Available</dt>
              <dd data-testid="available-pt" className="text-2xl font-bold text-ink">
                {groupedPt(data.balance.available)} PT
              </dd>
            </div>
          )}
          <div>
            <dt className="text-sm text-slate-500">Allowance left this period</dt>
            <dd className="text-xl font-semibold text-ink">{groupedPt(data.balance.allowanceLeft)} PT</dd>
          </div>
          <div>
            <dt className="text-sm text-slate-500">Purchased PT left</dt>
            <dd className="text-xl font-semibold text-ink">{groupedPt(data.balance.purchasedLeft)} PT</dd>
          </div>
          {data.balance.trialLeft !== "0" && (
            <div>
              <dt className="text-sm text-slate-500">Trial PT carried over</dt>
              <dd data-testid="trial-pt" className="text-xl font-semibold text-ink">
                {groupedPt(data.balance.trialLeft)} PT
              </dd>
            </div>
          )}
          {data.balance.otherLeft !== "0" && (
            <div>
              <dt className="text-sm text-slate-500">Credits and adjustments</dt>
              <dd className="text-xl font-semibold text-ink">{groupedPt(data.balance.otherLeft)} PT</dd>
            </div>
          )}
          {data.balance.inUse !== "0" && (
            <div>
              <dt className="text-sm text-slate-500">In use by replies being written</dt>
              <dd className="text-xl font-semibold text-ink">−{groupedPt(data.balance.inUse)} PT</dd>
            </div>
          )}
        </dl>
        {data.balance.debt !== "0" && (
          <p className="mt-3 text-sm text-red-700">
            Outstanding: {groupedPt(data.balance.debt)} PT from a refund or chargeback.
          </p>
        )}
        <div className="mt-6 flex flex-wrap gap-3">
          <Link
            href="/pricing"
            className="rounded-lg bg-brand-600 px-4 py-2 font-semibold text-white hover:bg-brand-700"
          >
            Upgrade plan
          </Link>
          <Link
            href="/pricing#packs"
            className="rounded-lg border border-slate-300 px-4 py-2 font-semibold text-slate-800 hover:bg-slate-50"
          >
            Buy a top-up
          </Link>
          {data.hasBillingAccount && (
            <button
              type="button"
              onClick={portal}
              className="rounded-lg border border-slate-300 px-4 py-2 font-semibold text-slate-800 hover:bg-slate-50"
            >
              Manage billing
            </button>
          )}
          <button
            type="button"
            onClick={sync}
            className="rounded-lg px-4 py-2 font-medium text-brand-600 hover:bg-brand-50"
          >
            I paid but don&apos;t see it
          </button>
        </div>
        {notice && (
          <p role="status" className="mt-3 text-sm text-slate-700">
            {notice}
          </p>
        )}
      </section>
      <section aria-labelledby="payments-heading">
        <h2 id="payments-heading" className="text-lg font-semibold text-ink">
          Purchases and invoices
        </h2>
        {data.payments.length === 0 ? (
          <p className="mt-2 text-sm text-slate-500">No payments yet.</p>
        ) : (
          <table className="mt-3 w-full text-left text-sm">
            <thead className="sr-only text-slate-500 sm:not-sr-only">
              <tr>
                <th className="py-2 font-medium">Date</th>
                <th className="py-2 font-medium">Amount</th>
                <th className="py-2 font-medium">What</th>
                <th className="py-2 font-medium">PT</th>
                <th className="py-2 font-medium">
                  <span className="sr-only">Receipt</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {data.payments.map((p) => (
                // On a phone each payment is a small card (grid), on wider screens a table row.
                <tr
                  key={p.id}
                  data-testid="payment-row"
                  className="grid grid-cols-2 gap-x-4 border-t border-slate-100 py-2 sm:table-row sm:py-0"
                >
                  <td className="text-slate-500 sm:py-2 sm:text-inherit">
                    {new Date(p.createdAt).toLocaleDateString()}
                  </td>
                  <td className="text-right sm:py-2 sm:text-left">
                    <span className="font-semibold sm:font-normal">{money(p.amountMinor, p.currency)}</span>
                    {p.refundedMinor !== "0" && ` (refunded ${money(p.refundedMinor, p.currency)})`}
                    {p.taxMinor !== "0" && (
                      <span data-testid="payment-tax" className="block text-xs text-slate-500">
                        incl. {p.taxLabel ?? "tax"} {money(p.taxMinor, p.currency)}
                      </span>
                    )}
                  </td>
                  <td className="sm:py-2">{p.description}</td>
                  <td className="whitespace-nowrap text-right sm:py-2 sm:text-left">{groupedPt(p.pt)} PT</td>
                  <td className="col-span-2 sm:py-2 sm:text-right">
                    <Link
                      href={p.receiptUrl}
                      className="font-medium text-brand-600 underline hover:text-brand-700"
                    >
                      Receipt
                    </Link>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section
        aria-labelledby="seller-heading"
        data-testid="billing-seller"
        className="border-t border-slate-200 pt-6 text-sm text-slate-600"
      >
        <h2 id="seller-heading" className="font-semibold text-ink">
          Sold by
        </h2>
        <p className="mt-1">
          {data.seller.legalEntity}
          {data.seller.legalAddress ? `, ${data.seller.legalAddress.replaceAll("\n", ", ")}` : ""}
          {data.seller.vatId ? ` · VAT / tax id ${data.seller.vatId}` : ""} · {data.seller.supportEmail}
        </p>
        {data.automaticTax && (
          <p className="mt-1">
            Prices are shown without tax: the tax for your billing address is added at checkout and shown on
            your receipt.
            {data.testMode ? " In test mode this is a fixed demo rate, not a real tax." : ""}
          </p>
        )}
      </section>
    </div>
  );
}
