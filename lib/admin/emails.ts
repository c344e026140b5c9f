// Admin "Retry now" for a failed or dead email: requeued and audited in one transaction, then
// sent at once through the provider chain (processOutbox for that row alone), like a webhook replay.
import type { Actor } from "@/lib/admin/audit";
import { writeAudit } from "@/lib/admin/audit";
import type { DbClient } from "@/lib/db";
import {
  getOutboxEmail,
  isRetryableEmail,
  type OutboxEmailView,
  requeueOutboxEmail,
} from "@/lib/email/outbox-admin";
import { type ProcessOutboxOptions, processOutbox } from "@/lib/email/process-outbox";
import { AppError } from "@/lib/errors";

export async function retryOutboxEmail(
  db: DbClient,
  actor: Actor,
  id: string,
  options: Omit<ProcessOutboxOptions, "ids"> = {},
): Promise<OutboxEmailView> {
  const before = await getOutboxEmail(db, id);
  if (!before) throw new AppError("not_found", "No such email.");
  if (!isRetryableEmail(before.status))
    throw new AppError(
      "conflict",
      `Only a failed or dead email can be retried (this one is ${before.status}).`,
    );
  const now = options.now ?? new Date();
  await db.$transaction(async (tx) => {
    if (!(await requeueOutboxEmail(tx, id, now)))
      throw new AppError("conflict", "This email is no longer failed or dead; reload the page.");
    await writeAudit(tx, actor, {
      action: "email.retry",
      targetType: "email",
      targetId: id,
      before: { status: before.status, attempts: before.attempts, lastError: before.lastError },
      after: { status: "pending", attempts: 0 },
    });
  });
  await processOutbox(db, { ...options, now, ids: [id] });
  const after = await getOutboxEmail(db, id);
  if (!after) throw new AppError("not_found", "No such email.");
  return after;
}
