// Tells admins about a reconciliation that needs them: any error, or a margin alert. An
// error-level log line (for alerting pipelines) and one email per admin, deduplicated per run.
import { notifyAdmins } from "@/lib/email/notify-admins";
import { logger } from "@/lib/logger";
import type { Issue, ReconDb } from "@/lib/reconciliation/types";
import { emitWebhookEvent } from "@/lib/webhooks-out/emit";
export type ReconciliationNotice = { runId: string; day: string; issues: Issue[] };

/** Whether this run's issues warrant an admin email. */
export function needsAdminAttention(issues: Issue[]): boolean {
  return issues.some((i) => i.severity === "error" || i.kind === "margin_below_threshold");
}

export async function notifyReconciliation(db: ReconDb, notice: ReconciliationNotice): Promise<void> {
  if (!needsAdminAttention(notice.issues)) return;
  const errors = notice.issues.filter((i) => i.severity === "error");
  const top = notice.issues
    .filter((i) => i.severity !== "info")
    .slice(0, 20)
    .map((i) => ({ severity: i.severity, kind: i.kind, message: i.message }));
  logger.error(
    { notify: "admins", runId: notice.runId, day: notice.day, errors: errors.length, issues: top },
    "reconciliation needs attention",
  );
  const margins = notice.issues.filter((i) => i.kind === "margin_below_threshold");
  const webhookData = (issues: Issue[]) => ({
    runId: notice.runId,
    day: notice.day,
    issues: issues
      .slice(0, 50)
      .map((i) => ({ severity: i.severity, kind: i.kind, message: i.message, refs: i.refs })),
  });
  if (errors.length > 0)
    await emitWebhookEvent(db, {
      type: "reconciliation.failed",
      key: notice.runId,
      data: webhookData(errors),
    });
  if (margins.length > 0)
    await emitWebhookEvent(db, {
      type: "margin.alert",
      key: `reconciliation:${notice.runId}`,
      data: webhookData(margins),
    });
  await notifyAdmins(db, {
    subject: `Reconciliation for ${notice.day} needs attention (${errors.length} error${errors.length === 1 ? "" : "s"})`,
    paragraphs: [
      `The nightly reconciliation of ${notice.day} found ${errors.length} error(s) and ${top.length} issue(s) worth a look.`,
      ...top.slice(0, 10).map((i) => `[${i.severity}] ${i.kind}: ${i.message}`),
    ],
    path: `/admin/reconciliation/${notice.runId}`,
    dedupeKey: `reconciliation:${notice.runId}`,
  });
}
