// Browser events that connect an API refusal to the global dialogs in the root layout, so any
// client code (chat, checkout, requestJson) can ask for them without importing them.

export const LEGAL_REQUIRED_EVENT = "lc:legal-required";
export const COOKIE_SETTINGS_EVENT = "lc:cookie-settings";

export type PendingLegalDocument = {
  id: string;
  title: string;
  path: string;
  version: string;
  effectiveDate: string;
  summary: string;
  /** Never accepted before (an OAuth sign-up): the dialog asks to accept, not to review changes. */
  firstTime?: boolean;
};

/** Opens the accept dialog for a 403 legal_acceptance_required answer (its details.documents). */
export function requestLegalAcceptance(details: unknown): void {
  const documents = (details as { documents?: PendingLegalDocument[] } | undefined)?.documents;
  if (typeof window === "undefined" || !Array.isArray(documents)) return;
  window.dispatchEvent(new CustomEvent(LEGAL_REQUIRED_EVENT, { detail: documents }));
}

export function openCookieSettings(): void {
  window.dispatchEvent(new Event(COOKIE_SETTINGS_EVENT));
}
