// Admin: alerts of the nightly job — cost anomaly detection (its settings, from the environment)
// and the admins' custom rules over the day's usage aggregates, with the latest firings.
import type { Metadata } from "next";
import Link from "next/link";
import type { RuleWire } from "@/components/admin/alert-rule-form";
import { AlertRulesManager } from "@/components/admin/alert-rules-manager";
import { AdminPage, when } from "@/components/admin/ui";
import { BASELINE_DAYS, formatFactor } from "@/lib/alerts/anomalies";
import { listAlertFirings } from "@/lib/alerts/firings";
import { listAlertRules } from "@/lib/alerts/rules";
import { requireAdminPage } from "@/lib/auth/current-user";
import { getDb } from "@/lib/db";
import { env } from "@/lib/env";
import { formatPt, formatPtValue } from "@/lib/money/pt";
import { currentPrices } from "@/lib/pricing/prices";

export const metadata: Metadata = { title: "Admin · Alerts" };
export const dynamic = "force-dynamic";

const PATH = "/admin/alerts";
const wire = <T,>(v: T) =>
  JSON.parse(JSON.stringify(v, (_k, x: unknown) => (typeof x === "bigint" ? x.toString() : x))) as T;

function detailText(detail: unknown): string {
  const d = (detail ?? {}) as Record<string, unknown>;
  if (typeof d.condition === "string") return `${d.condition}: was ${d.value}`;
  if (typeof d.spentPt === "string") {
    const median = BigInt(String(d.twiceMedianPt ?? "0")) / 2n;
    return `${formatPt(BigInt(d.spentPt))} spent; 14-day median ${formatPt(median)}`;
  }
  return "";
}

/** A firing's subject: a user links to the user, a rule shows its name, a model its id. */
function Subject({ subject, detail }: { subject: string; detail: unknown }) {
  if (subject.startsWith("user:"))
    return (
      <Link href={`/admin/users/${subject.slice(5)}`} className="text-brand-700 underline">
        {subject}
      </Link>
    );
  const name = (detail as { name?: unknown } | null)?.name;
  return <>{subject.startsWith("rule:") && typeof name === "string" ? name : subject}</>;
}

export default async function AdminAlertsPage() {
  await requireAdminPage(PATH);
  const db = await getDb();
  const [rules, firings, prices] = await Promise.all([
    listAlertRules(db),
    listAlertFirings(db),
    currentPrices(db),
  ]);
  const e = env();
  const providers = [...new Set(prices.map((p) => p.provider))].sort();
  const models = [...new Set(prices.map((p) => p.model))].sort();
  return (
    <AdminPage title="Alerts" active={PATH}>
      <section aria-labelledby="anomalies-heading" className="space-y-2">
        <h2 id="anomalies-heading" className="text-lg font-semibold text-ink">
          Cost anomalies
        </h2>
        <p className="max-w-prose text-slate-700">
          Every night (00:45 UTC, for the day before) each user&apos;s and each model&apos;s PT spend is
          compared with its median over the {BASELINE_DAYS} days before. It alerts when the spend is above{" "}
          <strong>{formatFactor(e.ANOMALY_FACTOR)}×</strong> the median <em>and</em> above{" "}
          <strong>
            {formatPt(e.ANOMALY_FLOOR_PT)} ({formatPtValue(e.ANOMALY_FLOOR_PT)})
          </strong>{" "}
          — <code>ANOMALY_FACTOR</code> and <code>ANOMALY_FLOOR_PT</code>. Each subject alerts at most once a
          day.
        </p>
        <p className="max-w-prose text-sm text-slate-600">
          Alerts (anomalies and rules) go to every admin by email and in the app, to the Slack and Discord
          channels and to operator webhooks subscribed to <code>cost.anomaly</code> or{" "}
          <code>alert.triggered</code> (
          <Link href="/admin/webhooks-out" className="text-brand-700 underline">
            Outgoing webhooks
          </Link>
          ).
        </p>
      </section>
      <section aria-labelledby="rules-heading" className="space-y-3">
        <h2 id="rules-heading" className="text-lg font-semibold text-ink">
          Custom rules
        </h2>
        <p className="max-w-prose text-slate-700">
          Evaluated by the same nightly job over the day&apos;s usage totals (what the reconciliation
          reports), optionally for one provider or model; each rule alerts at most once a day.
        </p>
        <AlertRulesManager
          initial={wire(rules) as unknown as RuleWire[]}
          providers={providers}
          models={models}
        />
      </section>
      <section aria-labelledby="firings-heading" className="space-y-3">
        <h2 id="firings-heading" className="text-lg font-semibold text-ink">
          Recent alerts
        </h2>
        {firings.length === 0 ? (
          <p className="rounded-lg border border-dashed border-slate-300 p-4 text-slate-700">
            No alerts yet. They appear here after the nightly run finds an anomaly or a rule matches.
          </p>
        ) : (
          <ul
            className="divide-y divide-slate-100 rounded-xl border border-slate-200"
            aria-label="Recent alerts"
          >
            {firings.map((f) => (
              <li key={f.id} className="grid gap-1 px-4 py-3 sm:grid-cols-[8rem_10rem_1fr] sm:gap-4">
                <span className="text-sm text-slate-600">
                  {f.day.toISOString().slice(0, 10)}
                  <span className="block text-xs">sent {when(f.createdAt)}</span>
                </span>
                <span className="text-sm font-medium text-ink">
                  {f.kind === "anomaly" ? "Cost anomaly" : "Rule"}
                  <span className="block break-all font-mono text-xs font-normal text-slate-600">
                    <Subject subject={f.subject} detail={f.detail} />
                  </span>
                </span>
                <span className="text-sm text-slate-800">{detailText(f.detail)}</span>
              </li>
            ))}
          </ul>
        )}
      </section>
    </AdminPage>
  );
}
