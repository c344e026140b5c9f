// The versions of each legal document: the built-in history (bumped in code with an effective date,
// a summary of changes and the fingerprint of its text) and the operator's versions from the admin
// settings. The version in force is the latest whose effective date has come (UTC); later ones are
// announced ("takes effect on …") but neither shown as current nor required. Terms and Privacy
// must be accepted at sign-up and again whenever the version in force is one the user has not.
import type { Db } from "@/lib/db";
import type { LegalDocumentId, StoredLegalVersion } from "@/lib/settings/legal";
import { getLegalOverrides } from "@/lib/settings/legal";

export type DocumentMeta = { id: LegalDocumentId; title: string; path: string };

export const DOCUMENTS: Readonly<Record<LegalDocumentId, DocumentMeta>> = {
  terms: { id: "terms", title: "Terms of Service", path: "/legal/terms" },
  privacy: { id: "privacy", title: "Privacy Policy", path: "/legal/privacy" },
  refunds: { id: "refunds", title: "Refund Policy", path: "/legal/refunds" },
  dpa: { id: "dpa", title: "Data Processing Agreement", path: "/legal/dpa" },
  cookies: { id: "cookies", title: "Cookie Policy", path: "/legal/cookies" },
};

/** Documents every user must have accepted (current version) to chat or buy. */
export const REQUIRED_DOCUMENTS = ["terms", "privacy"] as const satisfies readonly LegalDocumentId[];

export type BuiltInVersion = {
  version: string;
  effectiveDate: string;
  summary: string;
  /** sha256 of the text rendered from the fingerprint fixtures (tests/compliance/legal-versions.test.ts). */
  sha256: string;
};

/**
 * Every published built-in version, oldest first. A released entry is never edited: when a template
 * changes, append a version with its effective date (today or later), a summary of the changes and
 * the new fingerprint, and move the previous template to templates-archive.ts.
 */
export const BUILT_IN_HISTORY: Readonly<Record<LegalDocumentId, readonly BuiltInVersion[]>> = {
  terms: [
    {
      version: "1",
      effectiveDate: "2026-12-07",
      summary: "First version.",
      sha256: "eecb17e1d1d29703356dee012616fa8d089aa946ad3eaa1d607e62a60a232a79",
    },
  ],
  privacy: [
    {
      version: "1",
      effectiveDate: "2026-12-07",
      summary: "First version.",
      sha256: "0f1a17176a1c6b435a78c419390fda90db4912f74266ef1bb43561b30bf66e34",
    },
    {
      version: "2",
      effectiveDate: "2026-12-07",
      summary:
        "States the retention periods now enforced every day (conversations, emails, audit entries, API logs), " +
        "how account deletion works (grace period, paused API keys, what is erased and what is kept), where to " +
        "download your data, and that the billing details you give at checkout (name, address, country, tax id) " +
        "are stored with your payments.",
      sha256: "c7a81e5b78c996aece790bafcc915bfd07593cfa14d374a7757ca533320f0b8d",
    },
  ],
  refunds: [
    {
      version: "1",
      effectiveDate: "2026-12-07",
      summary: "First version.",
      sha256: "53f901b413c174f74728c854d8101670fcdacbbfe3890bcd74f313fcc5a93ff2",
    },
  ],
  dpa: [
    {
      version: "1",
      effectiveDate: "2026-12-07",
      summary: "First version.",
      sha256: "43f91658866bea9fd7abdbc66372cb4cdc0e926488e4817d94288a10157cbd27",
    },
  ],
  cookies: [
    {
      version: "1",
      effectiveDate: "2026-12-07",
      summary: "First version.",
      sha256: "32ba2d8917dbf1a06c8a207cba9660e08bdf1b4a0a5a65d641856e1dafc1e404",
    },
  ],
};

export function latestBuiltIn(id: LegalDocumentId): BuiltInVersion {
  const history = BUILT_IN_HISTORY[id];
  const last = history[history.length - 1];
  if (!last) throw new Error(`no built-in version of ${id}`);
  return last;
}

export type DocumentVersion = DocumentMeta & {
  version: string;
  effectiveDate: string;
  summary: string;
  /** Built in (text from the templates) or published by the operator in the admin settings. */
  source: "built-in" | "operator";
  /** The operator's markdown, when they replaced the built-in text. */
  markdown?: string;
};

/** "YYYY-MM-DD" of `now` in UTC: effective dates are calendar days in UTC. */
export function utcDay(now: Date): string {
  return now.toISOString().slice(0, 10);
}

/**
 * A document's versions in effective-date order: the built-in history, then the operator's. Once
 * the operator publishes versions, the built-in ones effective from the first of them on no longer
 * apply (a code update never replaces the operator's text). Withdrawn versions are left out.
 */
export function documentHistory(
  id: LegalDocumentId,
  all: readonly StoredLegalVersion[] = [],
): DocumentVersion[] {
  const operator = all.filter((v) => !v.withdrawn);
  const firstOperatorDate = operator.reduce<string | null>(
    (min, v) => (min === null || v.effectiveDate < min ? v.effectiveDate : min),
    null,
  );
  const builtIn = BUILT_IN_HISTORY[id]
    .filter((v) => firstOperatorDate === null || v.effectiveDate < firstOperatorDate)
    .map((v) => ({
      ...DOCUMENTS[id],
      version: v.version,
      effectiveDate: v.effectiveDate,
      summary: v.summary,
      source: "built-in" as const,
    }));
  const own = operator.map(({ withdrawn: _, ...v }) => ({
    ...DOCUMENTS[id],
    ...v,
    source: "operator" as const,
  }));
  // Stable: versions of one day keep their publication order.
  return [...builtIn, ...own].sort((a, b) =>
    a.effectiveDate < b.effectiveDate ? -1 : a.effectiveDate > b.effectiveDate ? 1 : 0,
  );
}

export type DocumentTimeline = {
  /** In force: the latest version whose effective date has come. */
  current: DocumentVersion;
  /** Published for a later date, soonest first: announced, not yet in force. */
  upcoming: DocumentVersion[];
  history: DocumentVersion[];
};

export function timelineAt(
  id: LegalDocumentId,
  operator: readonly StoredLegalVersion[] | undefined,
  today: string,
): DocumentTimeline {
  const history = documentHistory(id, operator);
  const inForce = history.filter((v) => v.effectiveDate <= today);
  const current = inForce[inForce.length - 1] ?? history[0];
  if (!current) throw new Error(`no version of ${id}`);
  return { current, upcoming: history.filter((v) => v.effectiveDate > today), history };
}

export async function documentTimeline(
  db: Db,
  id: LegalDocumentId,
  now = new Date(),
): Promise<DocumentTimeline> {
  return timelineAt(id, (await getLegalOverrides(db))[id], utcDay(now));
}

/** The version in force of a document. */
export async function currentDocument(
  db: Db,
  id: LegalDocumentId,
  now = new Date(),
): Promise<DocumentVersion> {
  return (await documentTimeline(db, id, now)).current;
}

/** The required documents' versions in force at `now`. */
export async function requiredVersions(db: Db, now = new Date()): Promise<DocumentVersion[]> {
  const overrides = await getLegalOverrides(db);
  return REQUIRED_DOCUMENTS.map((id) => timelineAt(id, overrides[id], utcDay(now)).current);
}

/** Versions of the required documents announced for a later date (the site-wide notice). */
export async function upcomingRequired(db: Db, now = new Date()): Promise<DocumentVersion[]> {
  const overrides = await getLegalOverrides(db);
  return REQUIRED_DOCUMENTS.flatMap((id) => timelineAt(id, overrides[id], utcDay(now)).upcoming);
}
