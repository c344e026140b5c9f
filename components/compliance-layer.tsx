// The page-wide compliance UI of the root layout: the cookie banner (state from the consent
// cookie, or the signed-in user's stored choice on a new browser), for a signed-in user with a
// pending Terms / Privacy version the accept dialog, and the notice of versions announced for a
// later date. The signed-in state is read once per request (React cache) for both places.
import { cookies } from "next/headers";
import { cache } from "react";
import { ConsentBanner } from "@/components/consent/consent-banner";
import { LegalAcceptDialog } from "@/components/legal/accept-dialog";
import { LegalAnnouncement } from "@/components/legal/announcement";
import { getCurrentUser } from "@/lib/auth/current-user";
import { CONSENT_COOKIE, type ConsentChoice, parseConsentCookie } from "@/lib/consent/cookie";
import { latestConsent } from "@/lib/consent/record";
import { getDb } from "@/lib/db";
import { env } from "@/lib/env";
import { type PendingDocument, pendingAcceptances } from "@/lib/legal/acceptances";
import { upcomingRequired } from "@/lib/legal/versions";
import { logger } from "@/lib/logger";

export async function storedConsent(): Promise<ConsentChoice | null> {
  return parseConsentCookie((await cookies()).get(CONSENT_COOKIE)?.value);
}

type Announced = {
  id: string;
  title: string;
  path: string;
  version: string;
  effectiveDate: string;
  summary: string;
};

const signedInState = cache(async (consent: ConsentChoice | null) => {
  const user = await getCurrentUser();
  let choice = consent;
  let pending: PendingDocument[] = [];
  let upcoming: Announced[] = [];
  if (user) {
    try {
      const db = await getDb();
      const [p, c, u] = await Promise.all([
        pendingAcceptances(db, user.userId),
        choice ? Promise.resolve(choice) : latestConsent(db, user.userId),
        upcomingRequired(db),
      ]);
      pending = p;
      choice = c;
      upcoming = u.map(({ id, title, path, version, effectiveDate, summary }) => ({
        id,
        title,
        path,
        version,
        effectiveDate,
        summary,
      }));
    } catch (error) {
      // The page still renders (the API refuses chat and purchases until acceptance anyway).
      logger.warn({ err: error }, "compliance layer: pending acceptances unavailable");
    }
  }
  return { signedIn: user !== null, choice, pending, upcoming };
});

export async function ComplianceLayer({ nonce, consent }: { nonce?: string; consent: ConsentChoice | null }) {
  const { signedIn, choice, pending } = await signedInState(consent);
  return (
    <>
      <ConsentBanner
        initial={choice ? { analytics: choice.analytics, marketing: choice.marketing } : null}
        ga4Id={env().ANALYTICS_GA4_ID}
        nonce={nonce}
      />
      {signedIn ? <LegalAcceptDialog initial={pending} /> : null}
    </>
  );
}

/** Under the header: the Terms / Privacy versions announced for a later date, for signed-in users. */
export async function LegalNotice({ consent }: { consent: ConsentChoice | null }) {
  const { upcoming } = await signedInState(consent);
  return upcoming.length > 0 ? <LegalAnnouncement documents={upcoming} /> : null;
}
