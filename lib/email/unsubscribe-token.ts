// One-click unsubscribe links (RFC 8058). The token names a user and a category and is signed
// with an HMAC of the app secret (HKDF purpose below), so it needs no sign-in and no database row,
// and cannot be forged for another user or category. It does not expire: a years-old mail's link
// must still work, and all it can ever do is turn one category of optional mail off.

import { appUrl } from "@/lib/app-url";
import { hmacHex, safeEqualHex } from "@/lib/auth/crypto";
import { EMAIL_CATEGORIES, type EmailCategory, isEmailCategory, isEssentialCategory } from "./categories";
import type { EmailFooter } from "./templates/layout";

const PURPOSE = "email-unsubscribe-v1";
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
// 128 bits of HMAC keep the URL short and are far beyond guessing.
const SIGNATURE_HEX = 32;

function signature(userId: string, category: string): string {
  return hmacHex(PURPOSE, `${userId}.${category}`).slice(0, SIGNATURE_HEX);
}

export function unsubscribeToken(userId: string, category: EmailCategory): string {
  return `${userId}.${category}.${signature(userId, category)}`;
}

/** The user and category of a valid token; null for anything forged, altered or malformed. */
export function readUnsubscribeToken(token: string): { userId: string; category: EmailCategory } | null {
  const [userId, category, sig, extra] = token.split(".");
  if (extra !== undefined || !userId || !category || !sig) return null;
  if (!UUID.test(userId) || !isEmailCategory(category) || isEssentialCategory(category)) return null;
  if (!/^[0-9a-f]+$/.test(sig) || sig.length !== SIGNATURE_HEX) return null;
  return safeEqualHex(sig, signature(userId, category)) ? { userId, category } : null;
}

/** The List-Unsubscribe target: POST unsubscribes at once, GET shows the confirmation page. */
export function oneClickUrl(token: string): string {
  return appUrl(`/api/email/unsubscribe?token=${encodeURIComponent(token)}`);
}

/** The page a person lands on from the link in the mail's footer. */
export function unsubscribePageUrl(token: string): string {
  return appUrl(`/unsubscribe?token=${encodeURIComponent(token)}`);
}

export const PREFERENCES_PATH = "/account/emails";

/**
 * The footer and headers of one mail: nothing for essential categories (or mail with no user to
 * unsubscribe); else RFC 8058's List-Unsubscribe pair and the footer's links.
 */
export function unsubscribeParts(
  userId: string | null,
  category: string,
): { footer?: EmailFooter; headers: Record<string, string> } {
  if (!userId || isEssentialCategory(category) || !isEmailCategory(category)) return { headers: {} };
  const token = unsubscribeToken(userId, category);
  return {
    footer: {
      categoryLabel: EMAIL_CATEGORIES[category].label,
      unsubscribeUrl: unsubscribePageUrl(token),
      preferencesUrl: appUrl(PREFERENCES_PATH),
    },
    headers: {
      "List-Unsubscribe": `<${oneClickUrl(token)}>`,
      "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    },
  };
}
