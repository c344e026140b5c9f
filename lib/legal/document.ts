// One legal document as a page shows it: the version in force, its markdown (the operator's
// override or the built-in template filled from the identity and facts) and the identity.
import type { Db } from "@/lib/db";
import { legalFacts } from "@/lib/legal/facts";
import { builtInMarkdown } from "@/lib/legal/templates";
import type { DocumentVersion } from "@/lib/legal/versions";
import { currentDocument } from "@/lib/legal/versions";
import type { LegalDocumentId } from "@/lib/settings/legal";
import type { OperatorSettings } from "@/lib/settings/operator";
import { getOperatorSettings } from "@/lib/settings/operator";

export type LegalDocument = DocumentVersion & {
  markdown: string;
  overridden: boolean;
  operator: OperatorSettings;
};

export async function legalDocument(db: Db, id: LegalDocumentId): Promise<LegalDocument> {
  const [doc, operator] = await Promise.all([currentDocument(db, id), getOperatorSettings(db)]);
  return {
    ...doc,
    markdown: doc.markdown ?? builtInMarkdown(id, operator, legalFacts()),
    overridden: doc.markdown !== undefined,
    operator,
  };
}
