// The job functions behind each cron, registered in ONE place. Each takes the run's context and
// returns stats (stored on the run). A job missing here answers "not_configured".

import { runAlerts } from "@/lib/alerts/run";
import { apiHoldExpirySql } from "@/lib/api/expire-holds";
import { cleanupAuthData } from "@/lib/auth/cleanup";
import { runAutoTopUps } from "@/lib/billing/auto-topup-run";
import { expireSubscriptions } from "@/lib/billing/expire-subscriptions";
import { grantFreeAllowances } from "@/lib/billing/free-allowance";
import { stripePaymentsSource } from "@/lib/billing/reconciliation-source";
import { runWebhookRetries } from "@/lib/billing/retry-worker";
import { syncRecentCheckouts } from "@/lib/billing/sync";
import { syncPricesJob } from "@/lib/cron/price-sync";
import type { CronJobName } from "@/lib/cron/schedule";
import { processOutbox } from "@/lib/email/process-outbox";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { expireGrants } from "@/lib/ledger/grants";
import { sweepExpiredHolds } from "@/lib/ledger/holds";
import { eraseDueAccounts } from "@/lib/privacy/erase";
import { enforceRetention } from "@/lib/privacy/retention";
import { closeMonth } from "@/lib/reconciliation/monthly-close";
import { runReconciliation } from "@/lib/reconciliation/run";
import { deliverWebhooks } from "@/lib/webhooks-out/deliver";

export type JobContext = {
  db: PrismaClient;
  now: Date;
  runKey: string;
  /** The period worked on: "2026-11-22T11:37" (minute), "2026-11-22T11" (hour), "2026-11-21" (day), "2026-10" (month). */
  target: string;
  attempt: number;
};
// biome-ignore lint/suspicious/noConfusingVoidType: a job may return nothing.
export type JobHandler = (ctx: JobContext) => Promise<Record<string, unknown> | void>;

const JOBS: Partial<Record<CronJobName, JobHandler>> = {
  // An expired API hold also releases its key's reservation, in the same statement.
  "hold-sweep": ({ db, now }) => sweepExpiredHolds(db, { now, alongside: apiHoldExpirySql }),
  // Expire what ended, then give verified Free users this month's allowance if they lack it.
  "grant-expiry": async ({ db, now }) => {
    const expired = await expireGrants(db, { now });
    const free = await grantFreeAllowances(db, { now });
    return { ...expired, freeAllowances: free.granted };
  },
  reconciliation: async ({ db, target, now }) => {
    const result = await runReconciliation(db, {
      day: target,
      now,
      payments: stripePaymentsSource(db),
    });
    return { runId: result.runId, ...result.counts, healed: result.healed };
  },
  "monthly-close": ({ db, target, now }) => closeMonth(db, { month: target, now }),
  // The previous day's cost anomalies and custom alert rules; each firing once per subject and day.
  alerts: ({ db, target }) => runAlerts(db, { day: target }),
  "webhook-retry": ({ db, now }) => runWebhookRetries(db, { now }),
  "email-outbox": ({ db, now }) => processOutbox(db, { now }),
  "subscription-expiry": ({ db, now }) => expireSubscriptions(db, { now }),
  "payment-recovery": ({ db, now }) => syncRecentCheckouts(db, { now }),
  // Daily housekeeping: auth leftovers, then the accounts whose deletion grace period has ended.
  "data-cleanup": async ({ db, now }) => {
    const auth = await cleanupAuthData(db, { now });
    const erasure = await eraseDueAccounts(db, { now });
    return { ...auth, accountsErased: erasure.erased, ptForfeited: erasure.ptForfeited.toString() };
  },
  // The retention periods in force (lib/privacy/retention.ts); the counts become the run's stats.
  retention: ({ db, now }) => enforceRetention(db, { now }),
  "price-sync": ({ db, now }) => syncPricesJob(db, now),
  "webhook-deliveries": ({ db, now }) => deliverWebhooks(db, { now }),
  "auto-topup": ({ db, now }) => runAutoTopUps(db, { now }),
};

export function jobHandler(job: CronJobName): JobHandler | undefined {
  return JOBS[job];
}
