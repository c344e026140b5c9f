// Gauges of the database's state, read in one statement when Prometheus scrapes /api/metrics:
// open holds (and the PT they hold), holds past expiry the sweeper missed, PT outstanding in user
// and guest accounts, webhook events failing or dead, the email outbox backlog, cron runs stuck.
// Counters (PT reserved/settled, webhook outcomes) are per process and reset on deploy; these are
// the source of truth the alerts in ops/prometheus/alerts.yml read for "is anything stuck".
import type { Db } from "@/lib/db";
import { metrics } from "@/lib/observability/metrics";

type StateRow = Record<StateName, bigint | number | null>;

export const STATE_NAMES = [
  "holds_open",
  "holds_open_pt",
  "holds_stale",
  "pt_outstanding",
  "webhooks_failed",
  "webhooks_dead",
  "email_pending",
  "email_failed",
  "email_dead",
  "cron_running_stuck",
] as const;
export type StateName = (typeof STATE_NAMES)[number];

/** Reads the state gauges from the database into the registry (one round trip, indexed counts). */
export async function refreshStateGauges(db: Db): Promise<Record<StateName, number>> {
  const [row] = await db.$queryRaw<StateRow[]>`
    SELECT
      (SELECT count(*) FROM "LedgerHold" WHERE status = 'open') AS holds_open,
      (SELECT coalesce(sum(amount), 0) FROM "LedgerHold" WHERE status = 'open') AS holds_open_pt,
      (SELECT count(*) FROM "LedgerHold"
        WHERE status = 'open' AND "expiresAt" < now() - interval '15 minutes') AS holds_stale,
      (SELECT coalesce(sum(posted), 0) FROM "LedgerAccount" WHERE type <> 'system') AS pt_outstanding,
      (SELECT count(*) FROM "StripeEvent" WHERE status = 'failed') AS webhooks_failed,
      (SELECT count(*) FROM "StripeEvent" WHERE status = 'dead') AS webhooks_dead,
      (SELECT count(*) FROM "EmailOutbox" WHERE status IN ('pending', 'sending')) AS email_pending,
      (SELECT count(*) FROM "EmailOutbox" WHERE status = 'failed') AS email_failed,
      (SELECT count(*) FROM "EmailOutbox" WHERE status = 'dead') AS email_dead,
      (SELECT count(*) FROM "CronRun"
        WHERE status = 'running' AND "startedAt" < now() - interval '1 hour') AS cron_running_stuck`;
  const gauge = metrics().state;
  const values = {} as Record<StateName, number>;
  for (const name of STATE_NAMES) {
    // Gauges are float64: fine for monitoring; the ledger (bigint) stays the truth.
    const value = Number(row?.[name] ?? 0);
    values[name] = value;
    gauge.set({ name }, value);
  }
  return values;
}
