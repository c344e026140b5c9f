// Public status page: component health and the latest incident notes (posted by admins).
import type { Metadata } from "next";
import { getDb } from "@/lib/db";
import { logger } from "@/lib/logger";
import type { ComponentHealth, ComponentState } from "@/lib/status/components";
import { componentHealth } from "@/lib/status/components";
import type { IncidentNote } from "@/lib/status/incidents";
import { listRecentIncidents } from "@/lib/status/incidents";

export const metadata: Metadata = { title: "Status" };
export const dynamic = "force-dynamic";

const STATE_STYLE: Record<ComponentState, { label: string; dot: string }> = {
  operational: { label: "Operational", dot: "bg-emerald-500" },
  degraded: { label: "Degraded", dot: "bg-amber-500" },
  down: { label: "Down", dot: "bg-red-600" },
};

async function loadIncidents(): Promise<IncidentNote[] | null> {
  try {
    return await listRecentIncidents(await getDb(), { limit: 10 });
  } catch (error) {
    logger.warn({ err: error }, "status page: incidents unavailable");
    return null;
  }
}

function overall(components: ComponentHealth[]): { text: string; tone: string } {
  if (components.some((c) => c.state === "down"))
    return { text: "Major outage", tone: "bg-red-50 text-red-900" };
  if (components.some((c) => c.state === "degraded")) {
    return { text: "Some systems are degraded", tone: "bg-amber-50 text-amber-900" };
  }
  return { text: "All systems operational", tone: "bg-emerald-50 text-emerald-900" };
}

export default async function StatusPage() {
  const [components, incidents] = await Promise.all([componentHealth(getDb), loadIncidents()]);
  const summary = overall(components);
  return (
    <div className="mx-auto max-w-3xl px-4 py-12 sm:px-6">
      <h1 className="text-3xl font-bold tracking-tight text-ink">Status</h1>
      <p className={`mt-6 rounded-lg px-4 py-3 font-semibold ${summary.tone}`} data-testid="status-overall">
        {summary.text}
      </p>
      <ul className="mt-6 divide-y divide-slate-200 rounded-lg border border-slate-200">
        {components.map((c) => (
          <li key={c.name} className="flex items-center justify-between gap-4 px-4 py-3">
            <div>
              <p className="font-medium text-ink">{c.name}</p>
              <p className="text-sm text-slate-600">{c.detail}</p>
            </div>
            <span className="flex items-center gap-2 text-sm text-slate-700">
              <span aria-hidden="true" className={`h-2.5 w-2.5 rounded-full ${STATE_STYLE[c.state].dot}`} />
              {STATE_STYLE[c.state].label}
            </span>
          </li>
        ))}
      </ul>
      <h2 className="mt-12 text-xl font-semibold text-ink">Incidents</h2>
      {incidents === null ? (
        <p className="mt-3 text-slate-600">Incident notes are unavailable right now.</p>
      ) : incidents.length === 0 ? (
        <p className="mt-3 text-slate-600">No incidents reported.</p>
      ) : (
        <ol className="mt-4 space-y-6">
          {incidents.map((i) => (
            <li key={i.id} className="rounded-lg border border-slate-200 px-4 py-3">
              <p className="text-xs font-semibold uppercase tracking-wider text-slate-500">
                {i.status} · <time dateTime={i.createdAt.toISOString()}>{i.createdAt.toUTCString()}</time>
              </p>
              <h3 className="mt-1 font-semibold text-ink">{i.title}</h3>
              <p className="mt-2 whitespace-pre-line text-slate-700">{i.body}</p>
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}
