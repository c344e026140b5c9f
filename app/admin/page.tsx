// Admin overview: revenue, PT issued and used, provider cost and margin — per day and per model —
// and the last reconciliation run. Charts are SVG drawn on the server.
import type { Metadata } from "next";
import Link from "next/link";
import { BarChart } from "@/components/admin/bar-chart";
import { AdminPage, when } from "@/components/admin/ui";
import { adminOverview, marginBps } from "@/lib/admin/overview";
import { requireAdminPage } from "@/lib/auth/current-user";
import { getDb } from "@/lib/db";
import { env } from "@/lib/env";
import { type Currency, formatMoney } from "@/lib/money/currency";
import { usdMicrosFromPt } from "@/lib/money/pt";

export const metadata: Metadata = { title: "Admin" };
export const dynamic = "force-dynamic";

// Display only: cents from micro-USD, truncated (the sums themselves stay exact BigInt).
const usd = (micros: bigint) => formatMoney(micros / 10_000n, "USD");
const pct = (bps: number | null) => (bps === null ? "—" : `${(bps / 100).toFixed(1)}%`);

function Stat({ label, value, testId }: { label: string; value: string; testId?: string }) {
  return (
    <div className="rounded-xl border border-slate-200 p-4">
      <dt className="text-sm text-slate-600">{label}</dt>
      <dd className="mt-1 text-xl font-semibold text-ink" data-testid={testId}>
        {value}
      </dd>
    </div>
  );
}

export default async function AdminOverviewPage() {
  await requireAdminPage("/admin");
  const o = await adminOverview(await getDb(), { days: 30 });
  const currency = env().BILLING_CURRENCY.toUpperCase() as Currency;
  const labels = o.days.map((d) => d.day.slice(5));
  const dayMargin = o.days.map((d) => marginBps(d.ptUsed, d.costMicroUsd, o.perUsd) ?? 0);
  return (
    <AdminPage title="Admin" active="/admin">
      <dl className="grid grid-cols-2 gap-3 md:grid-cols-3 lg:grid-cols-6">
        <Stat label="Revenue (30 d, net)" value={formatMoney(o.totals.revenueMinor, currency)} />
        <Stat label="PT issued" value={o.totals.ptIssued.toLocaleString("en-US")} />
        <Stat label="PT used" value={o.totals.ptUsed.toLocaleString("en-US")} testId="pt-used" />
        <Stat label="Usage at list price" value={usd(usdMicrosFromPt(o.totals.ptUsed, o.perUsd))} />
        <Stat label="Provider cost" value={usd(o.totals.costMicroUsd)} />
        <Stat label="Margin" value={pct(o.totals.marginBps)} testId="margin-total" />
      </dl>
      <BarChart
        id="margin-chart"
        title="Margin by day (% of list price)"
        labels={labels}
        series={[{ name: "Margin %", color: "#16a34a", values: dayMargin.map((b) => b / 100) }]}
        format={(v) => `${v.toFixed(1)}%`}
      />
      <BarChart
        id="usage-chart"
        title="PT issued and used by day"
        labels={labels}
        series={[
          { name: "PT issued", color: "#94a3b8", values: o.days.map((d) => Number(d.ptIssued)) },
          { name: "PT used", color: "#2563eb", values: o.days.map((d) => Number(d.ptUsed)) },
        ]}
      />
      <BarChart
        id="model-chart"
        title="By model: list value and provider cost (USD)"
        labels={o.models.map((m) => m.model)}
        series={[
          {
            name: "List value",
            color: "#2563eb",
            values: o.models.map((m) => Number(usdMicrosFromPt(m.ptUsed, o.perUsd)) / 1e6),
          },
          {
            name: "Provider cost",
            color: "#f97316",
            values: o.models.map((m) => Number(m.costMicroUsd) / 1e6),
          },
        ]}
        format={(v) => `$${v.toFixed(4)}`}
      />
      <section aria-labelledby="recon-h" className="rounded-xl border border-slate-200 p-4">
        <h2 id="recon-h" className="font-semibold text-ink">
          Last reconciliation
        </h2>
        {o.lastRun ? (
          <p className="mt-2 text-sm text-slate-700" data-testid="last-reconciliation">
            {o.lastRun.day.toISOString().slice(0, 10)} (finished {when(o.lastRun.finishedAt)}):{" "}
            <span className={o.lastRun.errors > 0 ? "font-semibold text-red-700" : "text-green-700"}>
              {o.lastRun.errors} errors
            </span>
            , {o.lastRun.warnings} warnings, {o.lastRun.healed} healed —{" "}
            <Link className="underline" href={`/admin/reconciliation/${o.lastRun.id}`}>
              issues
            </Link>
          </p>
        ) : (
          <p className="mt-2 text-sm text-slate-600">No reconciliation has run yet.</p>
        )}
      </section>
    </AdminPage>
  );
}
