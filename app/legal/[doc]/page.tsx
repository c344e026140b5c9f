// /legal/terms, /legal/privacy, /legal/refunds, /legal/dpa, /legal/cookies: the document in force
// (the operator's text, or the built-in template filled from the operator identity and the
// product's facts), with its version and effective date.
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { LegalMarkdown } from "@/components/legal/legal-markdown";
import { getDb } from "@/lib/db";
import { legalDocument } from "@/lib/legal/document";
import { DOCUMENTS } from "@/lib/legal/versions";
import { isLegalDocumentId, LEGAL_DOCUMENT_IDS } from "@/lib/settings/legal";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ doc: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { doc } = await params;
  return { title: isLegalDocumentId(doc) ? DOCUMENTS[doc].title : "Not found" };
}

export default async function LegalPage({ params }: Props) {
  const { doc } = await params;
  if (!isLegalDocumentId(doc)) notFound();
  const document = await legalDocument(await getDb(), doc);
  return (
    <article className="mx-auto max-w-3xl px-4 py-12 sm:px-6">
      <h1 className="text-3xl font-bold tracking-tight text-ink">{document.title}</h1>
      <p className="mt-2 text-sm text-slate-600" data-testid="legal-version">
        {document.operator.productName} · Version {document.version} · Effective {document.effectiveDate}
      </p>
      <div className="mt-8">
        <LegalMarkdown text={document.markdown} />
      </div>
      <nav aria-label="Legal documents" className="mt-12 border-t border-slate-200 pt-6 text-sm">
        <ul className="flex flex-wrap gap-4">
          {LEGAL_DOCUMENT_IDS.filter((id) => id !== doc).map((id) => (
            <li key={id}>
              <Link href={DOCUMENTS[id].path} className="text-brand-600 underline">
                {DOCUMENTS[id].title}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
    </article>
  );
}
