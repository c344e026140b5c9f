// The version of each legal document in force: the built-in one (bumped in code with its
// effective date and a summary of changes), or the operator's override from the admin settings.
// Terms and Privacy must be accepted at sign-up and again when a new version takes effect.
import type { Db } from "@/lib/db";
import type { LegalDocumentId, LegalOverride } from "@/lib/settings/legal";
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

/** The built-in texts' versions. Bump the version, date and summary when a template changes. */
export const BUILT_IN_VERSIONS: Readonly<
  Record<LegalDocumentId, { version: string; effectiveDate: string; summary: string }>
> = {
  terms: { version: "1", effectiveDate: "2026-12-07", summary: "First version." },
  privacy: { version: "1", effectiveDate: "2026-12-07", summary: "First version." },
  refunds: { version: "1", effectiveDate: "2026-12-07", summary: "First version." },
  dpa: { version: "1", effectiveDate: "2026-12-07", summary: "First version." },
  cookies: { version: "1", effectiveDate: "2026-12-07", summary: "First version." },
};

export type DocumentVersion = DocumentMeta & {
  version: string;
  effectiveDate: string;
  summary: string;
  /** The operator's markdown, when they replaced the built-in text. */
  markdown?: string;
};

export function documentVersion(id: LegalDocumentId, override: LegalOverride | undefined): DocumentVersion {
  const base = BUILT_IN_VERSIONS[id];
  return {
    ...DOCUMENTS[id],
    version: override?.version ?? base.version,
    effectiveDate: override?.effectiveDate ?? base.effectiveDate,
    summary: override?.summary ?? base.summary,
    markdown: override?.markdown,
  };
}

export async function currentDocument(db: Db, id: LegalDocumentId): Promise<DocumentVersion> {
  return documentVersion(id, (await getLegalOverrides(db))[id]);
}

/** The required documents' versions that have taken effect by `now` (UTC date). */
export async function requiredVersions(db: Db, now = new Date()): Promise<DocumentVersion[]> {
  const overrides = await getLegalOverrides(db);
  const today = now.toISOString().slice(0, 10);
  return REQUIRED_DOCUMENTS.map((id) => documentVersion(id, overrides[id])).filter(
    (d) => d.effectiveDate <= today,
  );
}
