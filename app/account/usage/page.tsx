// Usage: PT spent on chat by UTC day and by model, this month and last, summed from the ledger's
// usage entries (lib/ledger/usage-summary), with CSV downloads of the usage and the ledger.
import type { Metadata } from "next";
import Link from "next/link";
import { type Column, UsageChart } from "@/components/account/usage-chart";
import { AccountNav } from "@/components/auth/account-nav";
import { requireUserPage } from "@/lib/auth/current-user";
import { getDb } from "@/lib/db";
import { recentUsage, type UsageMonth } from "@/lib/ledger/usage-summary";
import { formatPt } from "@/lib/money/pt";

export const metadata: Metadata = { title: "Usage" };
export const dynamic = "force-dynamic";

const monthName = (month: string) =>
  new Date(`${month}-01T00:00:00Z`).toLocaleDateString("en-US", {
    month: "long",
    year: "numeric",
    timeZone: "UTC",
  });

const count = (n: number) => n.toLocaleString("en-US");

function Month({ usage, label, id }: { usage: UsageMonth; label: string; id: string }) {
  const name = monthName(usage.month);
  const columns: Column[] = usage.byDay.map((d) => ({
    label: String(Number(d.day.slice(8))),
    title: `${d.day}: ${formatPt(d.pt)}, ${count(d.messages)} message${d.messages === 1 ? "" : "s"}`,
    value: d.pt,
  }));
  return (
    <section aria-labelledby={`${id}-heading`} className="space-y-4" data-testid={`usage-${id}`}>
      <h2 id={`${id}-heading`} className="text-lg font-semibold text-ink">
        {label} <span className="font-normal text-slate-600">({name}, UTC)</span>
      </h2>
      <dl className="grid grid-cols-2 gap-3 sm:max-w-md">
        <div className="rounded-lg bg-slate-50 px-4 py-3">
          <dt className="text-sm text-slate-600">PT used</dt>
          <dd className="mt-1 text-lg font-semibold text-ink" data-testid={`usage-${id}-total`}>
            {formatPt(usage.totalPt)}
          </dd>
        </div>
        <div className="rounded-lg bg-slate-50 px-4 py-3">
          <dt className="text-sm text-slate-600">Messages</dt>
          <dd className="mt-1 text-lg font-semibold text-ink">{count(usage.messages)}</dd>
        </div>
      </dl>
      {usage.messages === 0 ? (
        <p className="rounded-lg border border-dashed border-slate-300 px-4 py-6 text-slate-600">
          No usage in {name}.
        </p>
      ) : (
        <>
          <UsageChart id={`${id}-by-day`} title={`PT by day, ${name}`} columns={columns} unit="PT" />
          <div className="overflow-x-auto rounded-xl border border-slate-200">
            <table className="w-full text-left text-sm">
              <caption className="px-3 py-2 text-left font-semibold text-ink">PT by model, {name}</caption>
              <thead className="bg-slate-50 text-slate-600">
                <tr>
                  <th scope="col" className="px-3 py-2">
                    Model
                  </th>
                  <th scope="col" className="px-3 py-2 text-right">
                    Messages
                  </th>
                  <th scope="col" className="px-3 py-2 text-right">
                    Tokens in / out
                  </th>
                  <th scope="col" className="px-3 py-2 text-right">
                    PT
                  </th>
                  <th scope="col" className="hidden px-3 py-2 sm:table-cell">
                    <span className="sr-only">Share</span>
                  </th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {usage.byModel.map((m) => {
                  const share = usage.totalPt > 0n ? Number((m.pt * 1000n) / usage.totalPt) / 10 : 0;
                  return (
                    <tr key={m.model} data-model={m.model}>
                      <th scope="row" className="px-3 py-2 font-medium text-ink">
                        {m.model}
                      </th>
                      <td className="px-3 py-2 text-right tabular-nums">{count(m.messages)}</td>
                      <td className="px-3 py-2 text-right tabular-nums">
                        {count(m.inputTokens)} / {count(m.outputTokens)}
                      </td>
                      <td className="px-3 py-2 text-right tabular-nums" data-testid="model-pt">
                        {formatPt(m.pt)}
                      </td>
                      <td className="hidden w-1/4 px-3 py-2 sm:table-cell">
                        <div className="flex items-center gap-2">
                          <div className="h-2 flex-1 rounded bg-slate-100" aria-hidden="true">
                            <div className="h-2 rounded bg-brand-600" style={{ width: `${share}%` }} />
                          </div>
                          <span className="w-12 text-right text-xs text-slate-600 tabular-nums">
                            {share}%
                          </span>
                        </div>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}

export default async function UsagePage() {
  const user = await requireUserPage("/account/usage");
  const { current, previous } = await recentUsage(await getDb(), {
    account: { kind: "user", userId: user.userId },
  });
  const none = current.messages === 0 && previous.messages === 0;
  return (
    <div className="mx-auto max-w-5xl space-y-8 px-4 py-10 sm:px-6">
      <div>
        <h1 className="text-2xl font-bold text-ink">Usage</h1>
        <AccountNav active="usage" />
      </div>
      <div className="flex flex-wrap items-center gap-3">
        <a
          href="/api/pt/usage.csv"
          download
          className="rounded-lg bg-slate-900 px-4 py-2 text-sm font-semibold text-white hover:bg-slate-700"
        >
          Download usage CSV
        </a>
        <a
          href="/api/pt/ledger.csv"
          download
          className="rounded-lg border border-slate-300 px-4 py-2 text-sm font-semibold text-ink hover:bg-slate-50"
        >
          Download ledger CSV
        </a>
        <Link href="/help#charges" className="text-sm font-medium text-brand-700 underline">
          How charges work
        </Link>
      </div>
      {none ? (
        <div
          className="rounded-xl border border-dashed border-slate-300 px-6 py-10 text-center"
          data-testid="usage-empty"
        >
          <p className="text-lg font-semibold text-ink">No usage yet</p>
          <p className="mt-2 text-slate-600">
            Every message you send is charged in PT and shows up here by day and by model.
          </p>
          <Link
            href="/chat"
            className="mt-4 inline-block rounded-lg bg-brand-600 px-4 py-2 text-sm font-semibold text-white hover:bg-brand-700"
          >
            Start a chat
          </Link>
        </div>
      ) : (
        <>
          <Month usage={current} label="This month" id="current" />
          <Month usage={previous} label="Last month" id="previous" />
        </>
      )}
    </div>
  );
}
