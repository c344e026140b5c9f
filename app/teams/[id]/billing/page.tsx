// /teams/:id/billing: the team plan's seats, the pooled allowance left this period, the pool,
// purchases, and (confirmed first) buying or changing seats, buying top-ups and the billing email.
// Owners and admins only (the "billing" permission); other members are told who can; outsiders 404.
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { LowBalanceForm } from "@/components/account/low-balance-form";
import { Section } from "@/components/auth/account-nav";
import { AutoTopUpPanel } from "@/components/billing/auto-topup-panel";
import type { TeamBillingView } from "@/components/teams/billing-panel";
import { BillingEmailForm, PurchasesTable, SeatsPanel, TopUpPanel } from "@/components/teams/billing-panel";
import { requireUserPage } from "@/lib/auth/current-user";
import { getTeamBilling } from "@/lib/billing/team-billing";
import { teamLowBalanceSetting } from "@/lib/budgets/team-low-balance";
import { getDb } from "@/lib/db";
import { bigintReplacer, isAppError } from "@/lib/errors";

export const metadata: Metadata = { title: "Team billing" };
export const dynamic = "force-dynamic";

type Props = { params: Promise<{ id: string }> };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

type Loaded = TeamBillingView & { lowBalancePt: string | null };

async function load(teamId: string, userId: string): Promise<Loaded | "forbidden"> {
  const db = await getDb();
  try {
    const billing = await getTeamBilling(db, { teamId, userId });
    const lowBalance = await teamLowBalanceSetting(db, { teamId, userId });
    const view = JSON.parse(JSON.stringify(billing, bigintReplacer)) as TeamBillingView;
    return { ...view, lowBalancePt: lowBalance.thresholdPt?.toString() ?? null };
  } catch (error) {
    if (isAppError(error) && error.code === "not_found") notFound();
    if (isAppError(error) && error.code === "forbidden") return "forbidden";
    throw error;
  }
}

export default async function TeamBillingPage({ params }: Props) {
  const { id } = await params;
  const principal = await requireUserPage(`/teams/${id}/billing`);
  if (!UUID.test(id)) notFound();
  const billing = await load(id, principal.userId);
  return (
    <div className="mx-auto max-w-3xl px-4 py-10 sm:px-6">
      <p className="text-sm">
        <Link href={`/teams/${id}`} className="text-brand-700 underline">
          Back to the team
        </Link>
      </p>
      <h1 className="mt-1 text-2xl font-bold text-ink">Team billing</h1>
      {billing === "forbidden" ? (
        <p className="mt-4 text-slate-700" role="status">
          Only the team's owners and admins can see and change its billing.
        </p>
      ) : (
        <div className="mt-6 space-y-6">
          <Section title="Seats and allowance" id="seats">
            <SeatsPanel teamId={id} billing={billing} />
          </Section>
          <Section title="Top-ups" id="topups">
            <TopUpPanel teamId={id} billing={billing} />
          </Section>
          <Section title="Auto top-up" id="auto-topup">
            <p className="mb-3 text-slate-700">
              Buy a top-up for the pool with the team's saved card when it runs low.
            </p>
            <AutoTopUpPanel endpoint={`/api/teams/${id}/billing/auto-topup`} />
          </Section>
          <Section title="Low-balance alert" id="low-balance">
            <p className="mb-3 text-slate-700">
              Tell the team's owners and admins (and the billing email) once when the pool falls below this
              many PT; it re-arms when the pool is back above it.
            </p>
            <LowBalanceForm
              threshold={billing.lowBalancePt}
              endpoint={`/api/teams/${id}/billing/low-balance`}
              subject="the team's owners and admins are"
            />
          </Section>
          <Section title="Purchases" id="purchases">
            <PurchasesTable billing={billing} />
          </Section>
          <Section title="Billing email" id="billing-email">
            <BillingEmailForm teamId={id} billing={billing} />
          </Section>
        </div>
      )}
    </div>
  );
}
