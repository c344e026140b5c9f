// The subscription mails (started, plan changed, cancelled, resumed, ended), decided from the row
// before and after a convergence, in the same transaction. Past due and recovery send nothing
// here: the payment-failed and invoice mails cover them. Once per transition and version.
import { appUrl } from "@/lib/app-url";
import type { Tx } from "@/lib/billing/db-types";
import { ENTITLING_STATUSES } from "@/lib/billing/stripe-objects";
import { enqueueEmail } from "@/lib/email/enqueue";
import { ENTITLEMENTS, type PlanId } from "@/lib/entitlements";

type SubState = { status: string; plan: string; cancelAtPeriodEnd: boolean };
export type SubscriptionChange = "started" | "changed" | "cancelled" | "resumed" | "ended";

const ENDED = new Set(["canceled", "unpaid", "incomplete_expired"]);

/** Which mail a transition deserves, if any. */
export function subscriptionChange(before: SubState | null, after: SubState): SubscriptionChange | null {
  const wasOn = before !== null && ENTITLING_STATUSES.has(before.status);
  const isOn = ENTITLING_STATUSES.has(after.status);
  if (ENDED.has(after.status)) return wasOn ? "ended" : null;
  if (!isOn) return null;
  if (!wasOn) return before === null || !ENDED.has(before.status) ? "started" : null;
  if (before.plan !== after.plan) return "changed";
  if (!before.cancelAtPeriodEnd && after.cancelAtPeriodEnd) return "cancelled";
  if (before.cancelAtPeriodEnd && !after.cancelAtPeriodEnd) return "resumed";
  return null;
}

function planName(plan: string): string {
  return Object.hasOwn(ENTITLEMENTS, plan) ? ENTITLEMENTS[plan as PlanId].name : plan;
}

export async function mailSubscriptionChange(
  tx: Tx,
  input: {
    userId: string;
    subscriptionId: string;
    version: bigint;
    before: SubState | null;
    after: SubState;
    periodEnd: Date | null;
  },
): Promise<void> {
  const change = subscriptionChange(input.before, input.after);
  if (!change) return;
  const user = await tx.user.findUnique({
    where: { id: input.userId },
    select: { email: true, name: true, status: true },
  });
  if (!user || user.status === "deleted") return;
  await enqueueEmail(tx, {
    to: user.email,
    template: "subscription-changed",
    userId: input.userId,
    dedupeKey: `subscription-mail:${input.subscriptionId}:${change}:${input.version}`,
    data: {
      name: user.name,
      change,
      plan: planName(input.after.plan),
      previousPlan: change === "changed" && input.before ? planName(input.before.plan) : undefined,
      periodEnd: change === "ended" ? undefined : (input.periodEnd ?? undefined),
      manageUrl: appUrl("/billing"),
    },
  });
}
