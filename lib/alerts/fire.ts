// One fired alert of the nightly job (a cost anomaly, a custom rule), recorded and delivered in one
// transaction: the AlertFiring row — unique per (kind, subject, day) — and, only when this call
// inserted it, the admin notice (an email per admin, an in-app notice, Slack and Discord through
// notifyAdmins) and the operator webhook event. A re-run of the day finds the row and sends nothing.
import type { Db } from "@/lib/db";
import { inTransaction } from "@/lib/db";
import { notifyAdmins } from "@/lib/email/notify-admins";
import type { Prisma } from "@/lib/generated/prisma/client";
import { emitWebhookEvent } from "@/lib/webhooks-out/emit";

export type FiringInput = {
  kind: "anomaly" | "rule";
  /** "user:<id>", "model:<id>", "rule:<id>". */
  subject: string;
  ruleId?: string;
  day: string;
  value: bigint;
  detail: Record<string, unknown>;
  notice: { subject: string; paragraphs: string[]; path: string };
  event: { type: "cost.anomaly" | "alert.triggered"; data: Record<string, unknown> };
};

const json = (v: unknown) =>
  JSON.parse(
    JSON.stringify(v, (_k, x: unknown) => (typeof x === "bigint" ? x.toString() : x)),
  ) as Prisma.InputJsonObject;

/** True when this call fired the alert; false when it had fired already for that day. */
export async function fireAlert(db: Db, input: FiringInput): Promise<boolean> {
  return inTransaction(db, async (tx) => {
    const inserted = await tx.alertFiring.createManyAndReturn({
      data: [
        {
          kind: input.kind,
          subject: input.subject,
          ruleId: input.ruleId ?? null,
          day: new Date(`${input.day}T00:00:00Z`),
          value: input.value,
          detail: json(input.detail),
        },
      ],
      skipDuplicates: true,
      select: { id: true },
    });
    const firing = inserted[0];
    if (!firing) return false;
    const key = `${input.kind}:${input.subject}:${input.day}`;
    await notifyAdmins(tx, {
      ...input.notice,
      dedupeKey: `alert:${key}`,
      inAppKind: input.kind === "anomaly" ? "cost_anomaly" : "alert_rule",
    });
    await emitWebhookEvent(tx, {
      type: input.event.type,
      key,
      data: { firingId: firing.id, day: input.day, ...input.event.data },
    });
    return true;
  });
}
