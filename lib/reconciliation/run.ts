// The nightly reconciliation of one UTC day: ledger invariants, API key counters, usage margin, payments versus
// credits (when a payments source is wired), provider costs (when adapters are configured).
// Every issue found is stored with the run; admins are told about errors and margin alerts in the
// run's own transaction (its outbox rows exist exactly when the run does).
// Healing is idempotent (keyed by payment id), so running the same day twice heals once.
import { inTransaction } from "@/lib/db";
import { env } from "@/lib/env";
import type { Prisma } from "@/lib/generated/prisma/client";
import { dayRange } from "@/lib/periods";
import { checkApiKeyCounters } from "@/lib/reconciliation/api-keys";
import { ledgerIssues } from "@/lib/reconciliation/ledger-checks";
import { listPaymentCredits, unkeyedCreditIssues } from "@/lib/reconciliation/ledger-credits";
import {
  needsAdminAttention,
  notifyReconciliation,
  type ReconciliationNotice,
} from "@/lib/reconciliation/notify";
import type { PaymentsSource } from "@/lib/reconciliation/payments";
import { comparePayments, reconcilePayments } from "@/lib/reconciliation/payments";
import type { ProviderCostAdapter } from "@/lib/reconciliation/provider-costs";
import { compareProviderCost, configuredProviderCostAdapters } from "@/lib/reconciliation/provider-costs";
import type { Issue, ReconDb } from "@/lib/reconciliation/types";
import { countBySeverity } from "@/lib/reconciliation/types";
import { marginIssues, reportJson, usageGroups, usageReport } from "@/lib/reconciliation/usage";

/** Payments and credits are listed this far either side of the day, so midnight crossings match. */
export const PAYMENT_WINDOW_MS = 6 * 3_600_000;

export type ReconciliationOptions = {
  /** The UTC day, "YYYY-MM-DD". */
  day: string;
  /** The ledger is checked as of now (default: the current time). */
  now?: Date;
  payments?: PaymentsSource;
  providers?: ProviderCostAdapter[];
  thresholdPercent?: number;
  notify?: (db: ReconDb, notice: ReconciliationNotice) => Promise<void>;
};

export type ReconciliationResult = {
  runId: string;
  day: string;
  counts: { errors: number; warnings: number; infos: number };
  healed: number;
  issues: Issue[];
  summary: Record<string, unknown>;
};

export async function runReconciliation(
  db: ReconDb,
  options: ReconciliationOptions,
): Promise<ReconciliationResult> {
  const startedAt = new Date();
  const now = options.now ?? startedAt;
  const range = dayRange(options.day);
  const thresholdPercent = options.thresholdPercent ?? env().MARGIN_ALERT_THRESHOLD;
  const issues: Issue[] = [];

  issues.push(...(await ledgerIssues(db, now)));
  // API keys' spent and reserved counters against their holds (a key's budget is enforced on them).
  const apiKeys = await checkApiKeyCounters(db);
  issues.push(...apiKeys.issues);

  const usage = usageReport(await usageGroups(db, range));
  issues.push(...marginIssues(usage, thresholdPercent));

  let healed = 0;
  let paymentsSummary: Record<string, unknown> = { checked: false };
  if (options.payments) {
    const wide = {
      from: new Date(range.from.getTime() - PAYMENT_WINDOW_MS),
      to: new Date(range.to.getTime() + PAYMENT_WINDOW_MS),
    };
    const [payments, ledger] = await Promise.all([
      options.payments.listPayments(wide),
      listPaymentCredits(db, wide),
    ]);
    const comparison = comparePayments({ day: range, payments, credits: ledger.credits });
    const source = options.payments;
    const result = await reconcilePayments(comparison, (p) => source.heal(p));
    healed = result.healed;
    issues.push(...unkeyedCreditIssues(ledger.unkeyed, range), ...result.issues);
    paymentsSummary = {
      checked: true,
      matched: comparison.matched,
      missing: comparison.missing.length,
      orphans: comparison.orphans.length,
      mismatches: comparison.mismatches.length,
      healed,
    };
  }

  const providers = options.providers ?? configuredProviderCostAdapters();
  const providerSummary: Record<string, unknown>[] = [];
  for (const adapter of providers) {
    const ours = usage.byProvider.find((l) => l.key === adapter.provider)?.costMicroUsd ?? 0n;
    try {
      const theirs = await adapter.costMicroUsd(range);
      const issue = compareProviderCost({
        provider: adapter.provider,
        day: options.day,
        oursMicroUsd: ours,
        theirsMicroUsd: theirs,
      });
      if (issue) issues.push(issue);
      providerSummary.push({ provider: adapter.provider, ours: ours.toString(), theirs: theirs.toString() });
    } catch (error) {
      issues.push({
        severity: "warning",
        kind: "provider_cost_unavailable",
        message: `${adapter.provider} cost could not be fetched: ${error instanceof Error ? error.message : String(error)}`,
        refs: { provider: adapter.provider },
      });
    }
  }

  const counts = countBySeverity(issues);
  const summary = {
    day: options.day,
    thresholdPercent,
    usage: reportJson(usage),
    payments: paymentsSummary,
    providers: providerSummary,
    apiKeys: { checked: apiKeys.checked, mismatched: apiKeys.mismatched },
  };
  // The run's results and what it tells admins (reconciliation.failed / margin.alert outbox rows,
  // emails, Slack and Discord alerts) commit together: a run that fails to record leaves no event.
  const run = await inTransaction(db, async (tx) => {
    const created = await tx.reconciliationRun.create({
      data: {
        day: range.from,
        startedAt,
        finishedAt: new Date(),
        ...counts,
        healed,
        summary: summary as Prisma.InputJsonObject,
        issues: {
          create: issues.map((i) => ({
            severity: i.severity,
            kind: i.kind,
            message: i.message,
            refs: i.refs,
          })),
        },
      },
      select: { id: true },
    });
    if (needsAdminAttention(issues)) {
      await (options.notify ?? notifyReconciliation)(tx, { runId: created.id, day: options.day, issues });
    }
    return created;
  });
  return { runId: run.id, day: options.day, counts, healed, issues, summary };
}
