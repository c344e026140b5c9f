// The billing page. Chat's upgrade prompts link here with ?reason=pt_exhausted.
import type { Metadata } from "next";
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
    </div>
  );
}
