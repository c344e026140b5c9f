// One legal document as a page shows it: the version in force (or, on request, one announced for a
// later date), its markdown (the operator's text or the built-in template filled from the identity
// and facts), the identity, and the versions announced.
import type { Db } from "@/lib/db";
import { legalFacts } from "@/lib/legal/facts";
import { builtInMarkdown } from "@/lib/legal/templates";
import type { DocumentVersion } from "@/lib/legal/versions";
import { documentTimeline, latestBuiltIn } from "@/lib/legal/versions";
import type { LegalDocumentId } from "@/lib/settings/legal";
import type { OperatorSettings } from "@/lib/settings/operator";
import { getOperatorSettings } from "@/lib/settings/operator";

export type LegalDocument = DocumentVersion & {
  markdown: string;
  overridden: boolean;
  /** "current": in force; "upcoming": announced, takes effect on its effective date. */
  status: "current" | "upcoming";
  /** The version in force (the same as this one unless this one is upcoming). */
  current: Pick<DocumentVersion, "version" | "effectiveDate">;
  upcoming: Pick<DocumentVersion, "version" | "effectiveDate" | "summary">[];
  operator: OperatorSettings;
};

/** The text of a version: the operator's markdown, else its built-in template (operator versions
 * without their own text use the latest built-in template). */
function textOf(doc: DocumentVersion, operator: OperatorSettings): string {
  if (doc.markdown !== undefined) return doc.markdown;
  const version = doc.source === "built-in" ? doc.version : latestBuiltIn(doc.id).version;
  const text = builtInMarkdown(doc.id, version, operator, legalFacts());
  if (text === null) throw new Error(`the text of ${doc.id} version ${doc.version} was not kept`);
  return text;
}

/**
 * The document in force, or the announced version `version` (null when no such version is in force
 * or announced: past versions are not served).
 */
export async function legalDocument(
  db: Db,
  id: LegalDocumentId,
  options: { version?: string; now?: Date } = {},
): Promise<LegalDocument | null> {
  const [timeline, operator] = await Promise.all([
    documentTimeline(db, id, options.now),
    getOperatorSettings(db),
  ]);
  const { current, upcoming } = timeline;
  const wanted = options.version ?? current.version;
  const doc = [current, ...upcoming].find((v) => v.version === wanted);
  if (!doc) return null;
  return {
    ...doc,
    markdown: textOf(doc, operator),
    overridden: doc.markdown !== undefined,
    status: doc === current ? "current" : "upcoming",
    current: { version: current.version, effectiveDate: current.effectiveDate },
    upcoming: upcoming.map(({ version, effectiveDate, summary }) => ({ version, effectiveDate, summary })),
    operator,
  };
}
