// /teams/:id/usage: what the team spent this month (UTC) from its pool, by day (chart), by model
// and by member, with the pool's ledger as CSV and the team's audit log (invitations, removals, role
// and cap changes, purchases). Owners and admins; other members are told who can; outsiders 404.
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { type Column, UsageChart } from "@/components/account/usage-chart";
import { Section } from "@/components/auth/account-nav";
import { requireUserPage } from "@/lib/auth/current-user";
import { getDb } from "@/lib/db";
import { isAppError } from "@/lib/errors";
import { formatPt } from "@/lib/money/pt";
import { teamAuditLog, teamUsage } from "@/lib/teams/reports";

export const metadata: Metadata = { title: "Team usage" };
export const dynamic = "force-dynamic";

type Props = { params: Promise<{ id: string }> };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const count = (n: number) => n.toLocaleString("en-US");

async function load(teamId: string, userId: string) {
  const db = await getDb();
  try {
    const [usage, audit] = await Promise.all([
      teamUsage(db, { teamId, userId }),
      teamAuditLog(db, { teamId, userId }),
    ]);
    return { ...usage, audit };
  } catch (error) {
    if (isAppError(error) && error.code === "not_found") notFound();
    if (isAppError(error) && error.code === "forbidden") return "forbidden" as const;
    throw error;
  }
}

export default async function TeamUsagePage({ params }: Props) {
  const { id } = await params;
  const principal = await requireUserPage(`/teams/${id}/usage`);
  if (!UUID.test(id)) notFound();
  const data = await load(id, principal.userId);
  return (
    <div className="mx-auto max-w-4xl px-4 py-10 sm:px-6">
      <p className="text-sm">
        <Link href={`/teams/${id}`} className="text-brand-700 underline">
          Back to the team
        </Link>
      </p>
      <h1 className="mt-1 text-2xl font-bold text-ink">Team usage</h1>
      {data === "forbidden" ? (
        <p className="mt-4 text-slate-700" role="status">
          Only the team's owners and admins can see who spent what.
        </p>
      ) : (
        <div className="mt-6 space-y-6">
          <Section title={`This month (${data.usage.month}, UTC)`} id="usage">
            <p className="text-slate-700">
              <span data-testid="team-usage-total">{formatPt(data.usage.totalPt)}</span> in{" "}
              {count(data.usage.messages)} message{data.usage.messages === 1 ? "" : "s"} from the pool.{" "}
              <a
                href={`/api/teams/${id}/ledger.csv`}
                download
                className="font-medium text-brand-700 underline"
              >
                Download the pool's ledger (CSV)
              </a>
            </p>
            {data.usage.messages === 0 ? (
              <p className="mt-3 rounded-lg border border-dashed border-slate-300 px-4 py-6 text-slate-600">
                No usage this month.
              </p>
            ) : (
              <div className="mt-4 space-y-4">
                <UsageChart
                  id="team-by-day"
                  title="PT by day"
                  unit="PT"
                  columns={data.usage.byDay.map(
                    (d): Column => ({
                      label: String(Number(d.day.slice(8))),
                      title: `${d.day}: ${formatPt(d.pt)}`,
                      value: d.pt,
                    }),
                  )}
                />
                <Table
                  caption="By member"
                  testId="team-usage-members"
                  head={["Member", "Messages", "PT"]}
                  rows={data.byMember.map((m) => [
                    m.email ?? "(former member)",
                    count(m.messages),
                    formatPt(m.pt),
                  ])}
                />
                <Table
                  caption="By model"
                  testId="team-usage-models"
                  head={["Model", "Messages", "PT"]}
                  rows={data.usage.byModel.map((m) => [m.model, count(m.messages), formatPt(m.pt)])}
                />
              </div>
            )}
          </Section>
          <Section title="Audit log" id="audit">
            {data.audit.length === 0 ? (
              <p className="text-slate-600">No team actions recorded yet.</p>
            ) : (
              <ul className="divide-y divide-slate-200" data-testid="team-audit">
                {data.audit.map((a) => (
                  <li key={a.id} className="flex flex-col gap-1 py-2 sm:flex-row sm:justify-between">
                    <span>
                      <span className="font-medium">
                        {a.action.replace(/^team\./, "").replaceAll("_", " ")}
                      </span>
                      <span className="block text-sm text-slate-600">by {a.actor ?? "(deleted user)"}</span>
                    </span>
                    <time className="text-sm text-slate-600" dateTime={a.createdAt.toISOString()}>
                      {a.createdAt.toISOString().replace("T", " ").slice(0, 16)} UTC
                    </time>
                  </li>
                ))}
              </ul>
            )}
          </Section>
        </div>
      )}
    </div>
  );
}

function Table({
  caption,
  head,
  rows,
  testId,
}: {
  caption: string;
  head: string[];
  rows: string[][];
  testId: string;
}) {
  return (
    <div className="overflow-x-auto rounded-xl border border-slate-200">
      <table className="w-full text-left text-sm" data-testid={testId}>
        <caption className="px-3 py-2 text-left font-semibold text-ink">{caption}</caption>
        <thead className="bg-slate-50 text-slate-600">
          <tr>
            {head.map((h, i) => (
              <th key={h} scope="col" className={`px-3 py-2 ${i > 0 ? "text-right" : ""}`}>
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {rows.map((r) => (
            <tr key={r[0]}>
              {r.map((c, i) =>
                i === 0 ? (
                  <th key="0" scope="row" className="px-3 py-2 font-medium text-ink">
                    {c}
                  </th>
                ) : (
                  <td key={String(i)} className="px-3 py-2 text-right tabular-nums">
                    {c}
                  </td>
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
