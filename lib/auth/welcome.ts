// The welcome mail, once per account (dedupe key), when its address is first proven: the
// verification link, a password reset that verified it, or an OAuth sign-up with a verified
// address. Queued in the caller's transaction, so it exists exactly when the verification commits.
import { appUrl } from "@/lib/app-url";
import type { Db } from "@/lib/db";
import { enqueueEmail } from "@/lib/email/enqueue";
import { ENTITLEMENTS } from "@/lib/entitlements";

export async function sendWelcomeEmail(
  db: Db,
  input: { userId: string; email: string; name?: string | null },
): Promise<void> {
  await enqueueEmail(db, {
    to: input.email,
    template: "welcome",
    userId: input.userId,
    dedupeKey: `welcome:${input.userId}`,
    data: {
      name: input.name,
      chatUrl: appUrl("/chat"),
      pricingUrl: appUrl("/pricing"),
      freePt: ENTITLEMENTS.free.monthlyAllowancePt,
    },
  });
}
