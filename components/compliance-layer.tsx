// The page-wide compliance UI of the root layout: the cookie banner (state from the consent
// cookie, or the signed-in user's stored choice on a new browser) and, for a signed-in user with
// a pending Terms / Privacy version, the accept dialog.
import { cookies } from "next/headers";
import { ConsentBanner } from "@/components/consent/consent-banner";
import { LegalAcceptDialog } from "@/components/legal/accept-dialog";
import { getCurrentUser } from "@/lib/auth/current-user";
import { CONSENT_COOKIE, type ConsentChoice, parseConsentCookie } from "@/lib/consent/cookie";
import { latestConsent } from "@/lib/consent/record";
import { getDb } from "@/lib/db";
import { env } from "@/lib/env";
import { type PendingDocument, pendingAcceptances } from "@/lib/legal/acceptances";
import { logger } from "@/lib/logger";

export async function storedConsent(): Promise<ConsentChoice | null> {
  return parseConsentCookie((await cookies()).get(CONSENT_COOKIE)?.value);
}

export async function ComplianceLayer({ nonce, consent }: { nonce?: string; consent: ConsentChoice | null }) {
  const user = await getCurrentUser();
  let choice = consent;
  let pending: PendingDocument[] = [];
  if (user) {
    try {
      const db = await getDb();
      [pending, choice] = await Promise.all([
        pendingAcceptances(db, user.userId),
        choice ? Promise.resolve(choice) : latestConsent(db, user.userId),
      ]);
    } catch (error) {
      // The page still renders (the API refuses chat and purchases until acceptance anyway).
      logger.warn({ err: error }, "compliance layer: pending acceptances unavailable");
    }
  }
  return (
    <>
      <ConsentBanner
        initial={choice ? { analytics: choice.analytics, marketing: choice.marketing } : null}
        ga4Id={env().ANALYTICS_GA4_ID}
        nonce={nonce}
      />
      {user ? <LegalAcceptDialog initial={pending} /> : null}
    </>
  );
}
