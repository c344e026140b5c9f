// Tells admins about a reconciliation that needs them: any error, or a margin alert. Logs for
// now (an error-level line an alerting pipeline can page on); at merge the lead replaces the body
// with enqueueEmail to every ADMIN user, deduplicated per run (see the MERGE note below).
import { logger } from "@/lib/logger";
import type { Issue, ReconDb } from "@/lib/reconciliation/types";

export type ReconciliationNotice = { runId: string; day: string; issues: Issue[] };

/** Whether this run's issues warrant an admin email. */
export function needsAdminAttention(issues: Issue[]): boolean {
  return issues.some((i) => i.severity === "error" || i.kind === "margin_below_threshold");
}

export async function notifyReconciliation(_db: ReconDb, notice: ReconciliationNotice): Promise<void> {
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
  // MERGE (accounts email): for each admin (User.role = ADMIN, status active):
  //   await enqueueEmail(db, { to: admin.email, template: "admin-reconciliation", userId: admin.id,
  //     data: { day, runId, errors: errors.length, issues: top, url: `${APP_URL}/admin/reconciliation/${runId}` },
  //     dedupeKey: `reconciliation:${runId}:${admin.id}` });
}
