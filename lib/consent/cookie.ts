// The cookie-consent choice: a first-party cookie `lc_consent` ("<version>.<a><m>", e.g. "1.10" =
// analytics on, marketing off), strictly necessary itself, read on the server to render the page
// in the right state, and for signed-in users also stored server-side (CookieConsent) with its
// version and time. Google Consent Mode v2 signals are derived from it here, in one place.

export const CONSENT_COOKIE = "lc_consent";
/** Bump when the categories or their meaning change: every visitor is asked again. */
export const CONSENT_VERSION = "1";
export const CONSENT_MAX_AGE_S = 365 * 86_400;

export type ConsentChoice = { analytics: boolean; marketing: boolean };
export type StoredConsent = ConsentChoice & { version: string };

/** Parses the cookie value; anything else (or an old version) means "not chosen yet". */
export function parseConsentCookie(value: string | undefined | null): StoredConsent | null {
  const m = /^([A-Za-z0-9_-]{1,16})\.([01])([01])$/.exec(value ?? "");
  if (!m || m[1] !== CONSENT_VERSION) return null;
  return { version: m[1], analytics: m[2] === "1", marketing: m[3] === "1" };
}

export function consentCookieValue(choice: ConsentChoice): string {
  return `${CONSENT_VERSION}.${choice.analytics ? 1 : 0}${choice.marketing ? 1 : 0}`;
}

export function consentSetCookie(choice: ConsentChoice, secure: boolean): string {
  return [
    `${CONSENT_COOKIE}=${consentCookieValue(choice)}`,
    "Path=/",
    `Max-Age=${CONSENT_MAX_AGE_S}`,
    "SameSite=Lax",
    ...(secure ? ["Secure"] : []),
  ].join("; ");
}

type Signal = "granted" | "denied";
export type ConsentModeState = {
  ad_storage: Signal;
  ad_user_data: Signal;
  ad_personalization: Signal;
  analytics_storage: Signal;
};

export const CONSENT_MODE_DEFAULT: ConsentModeState = {
  ad_storage: "denied",
  ad_user_data: "denied",
  ad_personalization: "denied",
  analytics_storage: "denied",
};

export function consentModeState(choice: ConsentChoice | null): ConsentModeState {
  if (!choice) return CONSENT_MODE_DEFAULT;
  const g = (on: boolean): Signal => (on ? "granted" : "denied");
  return {
    ad_storage: g(choice.marketing),
    ad_user_data: g(choice.marketing),
    ad_personalization: g(choice.marketing),
    analytics_storage: g(choice.analytics),
  };
}

/**
 * The inline script that must run before any tag: Consent Mode's default (all denied), then the
 * stored choice when there is one. JSON.stringify of fixed enums only — no user text in it.
 */
export function consentModeScript(stored: ConsentChoice | null): string {
  const lines = [
    "window.dataLayer=window.dataLayer||[];function gtag(){dataLayer.push(arguments);}window.gtag=gtag;",
    `gtag('consent','default',${JSON.stringify({ ...CONSENT_MODE_DEFAULT, wait_for_update: 500 })});`,
  ];
  if (stored) lines.push(`gtag('consent','update',${JSON.stringify(consentModeState(stored))});`);
  return lines.join("");
}
