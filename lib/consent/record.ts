// Signed-in users' cookie choices, kept server-side (append-only, newest in force) so the choice
// follows the account to a new browser and can be shown as proof of consent.
import type { ConsentChoice, StoredConsent } from "@/lib/consent/cookie";
import { CONSENT_VERSION } from "@/lib/consent/cookie";
import type { Db } from "@/lib/db";

export async function recordConsent(
  db: Db,
  input: { userId: string; choice: ConsentChoice; ip?: string | null },
): Promise<void> {
  await db.cookieConsent.create({
    data: {
      userId: input.userId,
      version: CONSENT_VERSION,
      analytics: input.choice.analytics,
      marketing: input.choice.marketing,
      ip: input.ip ?? null,
    },
  });
}

/** The user's latest choice of the current consent version, or null. */
export async function latestConsent(db: Db, userId: string): Promise<StoredConsent | null> {
  const row = await db.cookieConsent.findFirst({
    where: { userId, version: CONSENT_VERSION },
    orderBy: { createdAt: "desc" },
    select: { version: true, analytics: true, marketing: true },
  });
  return row;
}
