// The billing page (plan, balance, purchases; auto top-up). Chat's upgrade prompts link here with
// ?reason=pt_exhausted.
import type { Metadata } from "next";
import { AutoTopUpPanel } from "@/components/billing/auto-topup-panel";
import { BillingDashboard } from "@/components/billing/billing-dashboard";

export const metadata: Metadata = { title: "Billing" };

export default async function BillingPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | undefined>>;
}) {
  const { reason } = await searchParams;
  return (
    <div className="mx-auto max-w-4xl px-4 py-12 sm:px-6">
      <h1 className="text-3xl font-bold tracking-tight text-ink">Billing</h1>
      <BillingDashboard reason={reason} />
      <section
        id="auto-topup"
        aria-labelledby="auto-topup-heading"
        className="mt-8 rounded-xl border border-slate-200 p-6"
      >
        <h2 id="auto-topup-heading" className="text-lg font-semibold text-ink">
          Auto top-up
        </h2>
        <p className="mb-4 mt-1 text-slate-700">
          Never run dry: when a reply leaves your available balance below the threshold, we buy the pack you
          choose with your saved card. Once each time the balance drops below it; a failed charge turns it
          off.
        </p>
        <AutoTopUpPanel />
      </section>
    </div>
  );
}
