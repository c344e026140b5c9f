// Chat limits: the plan's daily PT cap, the user's own lower cap and today's spend (read here on
// the server), with a small client form to set or clear the own cap through PUT /api/chat/settings;
// the monthly budget (chat and API alike): usage against it, alerts, hard stop; and the
// low-balance alert.
import type { Metadata } from "next";
import Link from "next/link";
import { BudgetPanel, type BudgetStatusWire } from "@/components/account/budget-panel";
import { DailyCapForm } from "@/components/account/daily-cap-form";
import { LowBalanceForm } from "@/components/account/low-balance-form";
import { AccountNav, Section } from "@/components/auth/account-nav";
import { requireUserPage } from "@/lib/auth/current-user";
import { budgetStatus } from "@/lib/budgets/budgets";
import { lowBalanceSetting } from "@/lib/budgets/low-balance";
import { chatAccountSummary } from "@/lib/chat/settings";
import { getDb } from "@/lib/db";
import { formatPt } from "@/lib/money/pt";

export const metadata: Metadata = { title: "Chat limits" };
export const dynamic = "force-dynamic";

function Fact({ label, value, testId }: { label: string; value: string; testId: string }) {
  return (
    <div className="rounded-lg bg-slate-50 px-4 py-3">
      <dt className="text-sm text-slate-600">{label}</dt>
      <dd className="mt-1 text-lg font-semibold text-ink" data-testid={testId}>
        {value}
      </dd>
    </div>
  );
}

export default async function ChatLimitsPage() {
  const principal = await requireUserPage("/account/chat");
  const db = await getDb();
  const account = { kind: "user" as const, userId: principal.userId };
  const [summary, budget, lowBalance] = await Promise.all([
    chatAccountSummary(db, principal),
    budgetStatus(db, account),
    lowBalanceSetting(db, account),
  ]);
  const budgetWire = JSON.parse(
    JSON.stringify(budget, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v)),
  ) as BudgetStatusWire;
  const own = summary.userDailyPtCap;
  return (
    <div className="mx-auto max-w-3xl px-4 py-10 sm:px-6">
      <h1 className="text-2xl font-bold text-ink">Chat limits</h1>
      <AccountNav active="chat" />
      <div className="mt-6 space-y-6">
        <Section title="Daily PT cap" id="daily-cap">
          <p className="mb-4 text-slate-700">
            Chat stops for the day once you have spent this much. Your {summary.plan} plan sets the upper
            limit; you can set a lower one of your own to keep spending in check.
          </p>
          <dl className="mb-6 grid gap-3 sm:grid-cols-3">
            <Fact
              label={`${summary.plan} plan cap`}
              value={formatPt(summary.planDailyPtCap)}
              testId="plan-daily-cap"
            />
            <Fact label="Your own cap" value={own === null ? "None" : formatPt(own)} testId="own-daily-cap" />
            <Fact label="Spent today" value={formatPt(summary.spentToday)} testId="spent-today" />
          </dl>
          <DailyCapForm
            ownCap={own === null ? null : own.toString()}
            planCap={summary.planDailyPtCap.toString()}
          />
        </Section>
        <Section title="Monthly budget" id="budget">
          <p className="mb-4 text-slate-700">
            A budget for each calendar month (UTC) of chat and API usage together. You are told at 50, 80 and
            100&nbsp;% by email, here in the app and through your webhooks; with the hard stop on, requests
            that could take the month over it are refused.
          </p>
          <BudgetPanel initial={budgetWire} />
        </Section>
        <Section title="Low-balance alert" id="low-balance">
          <p className="mb-4 text-slate-700">
            Be told by email, here in the app and through your webhooks (<code>balance.low</code>) when a
            charge leaves less than this many PT available. Once each time the balance drops below it: a
            top-up or allowance that brings it back above arms the alert again. Off until you set it.
          </p>
          <LowBalanceForm threshold={lowBalance.thresholdPt?.toString() ?? null} />
        </Section>
        <p className="text-sm text-slate-600">
          <Link href="/chat" className="font-medium text-brand-700 underline">
            Back to chat
          </Link>
        </p>
      </div>
    </div>
  );
}
