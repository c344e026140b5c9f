// An endpoint's failing streak: the first failure since the last success starts it, any success
// ends it; a streak of disableAfterDays disables the endpoint (pending deliveries wait for it to be
// enabled again) and tells its owner: the user by email, admins for an operator endpoint.
import { appUrl } from "@/lib/app-url";
import type { DbClient } from "@/lib/db";
import { enqueueEmail } from "@/lib/email/enqueue";
import { notifyAdmins } from "@/lib/email/notify-admins";
import { logger } from "@/lib/logger";

const DAY_MS = 86_400_000;

export async function noteEndpointResult(
  db: DbClient,
  input: { endpointId: string; ok: boolean; now: Date; disableAfterDays: number },
): Promise<void> {
  if (input.ok) {
    await db.webhookEndpoint.updateMany({
      where: { id: input.endpointId, failingSince: { not: null } },
      data: { failingSince: null },
    });
    return;
  }
  await db.webhookEndpoint.updateMany({
    where: { id: input.endpointId, failingSince: null },
    data: { failingSince: input.now },
  });
  const cutoff = new Date(input.now.getTime() - input.disableAfterDays * DAY_MS);
  await db.$transaction(async (tx) => {
    const reason = `Every delivery failed for ${input.disableAfterDays} days.`;
    const { count } = await tx.webhookEndpoint.updateMany({
      where: { id: input.endpointId, enabled: true, failingSince: { lte: cutoff } },
      data: { enabled: false, disabledReason: reason },
    });
    if (count === 0) return;
    const endpoint = await tx.webhookEndpoint.findUniqueOrThrow({
      where: { id: input.endpointId },
      select: { id: true, url: true, userId: true, failingSince: true },
    });
    const dedupeKey = `webhook-disabled:${endpoint.id}:${endpoint.failingSince?.toISOString()}`;
    const paragraphs = [
      `Your webhook endpoint ${endpoint.url} failed every delivery for ${input.disableAfterDays} days, so it has been disabled.`,
      "Undelivered events are kept: fix the endpoint, then enable it again and they will be sent.",
    ];
    if (endpoint.userId) {
      const owner = await tx.user.findUnique({
        where: { id: endpoint.userId },
        select: { email: true, name: true },
      });
      if (owner)
        await enqueueEmail(tx, {
          to: owner.email,
          template: "notice",
          userId: endpoint.userId,
          dedupeKey,
          data: {
            subject: "A webhook endpoint was disabled",
            paragraphs,
            name: owner.name,
            actionUrl: appUrl("/account/webhooks"),
            actionLabel: "Open your webhooks",
          },
        });
    } else {
      await notifyAdmins(tx, {
        subject: "An operator webhook endpoint was disabled",
        paragraphs,
        path: "/admin/webhooks-out",
        dedupeKey,
        inAppKind: "webhook_disabled",
      });
    }
    logger.warn({ endpointId: endpoint.id }, "outgoing webhook endpoint disabled after failing");
  });
}
