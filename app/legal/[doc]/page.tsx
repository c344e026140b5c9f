// /legal/terms, /legal/privacy, /legal/refunds, /legal/dpa, /legal/cookies: the document in force
// (the operator's text, or the built-in template filled from the operator identity and the
// product's facts), with its version and effective date, and the versions announced for a later
// date (readable at ?version=…, clearly marked as not yet in force).
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { LegalMarkdown } from "@/components/legal/legal-markdown";
import { getDb } from "@/lib/db";
import { legalDocument } from "@/lib/legal/document";
import { DOCUMENTS } from "@/lib/legal/versions";
import { isLegalDocumentId, LEGAL_DOCUMENT_IDS } from "@/lib/settings/legal";

export const dynamic = "force-dynamic";

type Props = {
  params: Promise<{ doc: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { doc } = await params;
  return { title: isLegalDocumentId(doc) ? DOCUMENTS[doc].title : "Not found" };
}

export default async function LegalPage({ params, searchParams }: Props) {
  const { doc } = await params;
  const { version } = await searchParams;
  if (!isLegalDocumentId(doc)) notFound();
  const document = await legalDocument(await getDb(), doc, {
    version: typeof version === "string" ? version : undefined,
  });
  if (!document) notFound();
  const path = DOCUMENTS[doc].path;
  return (
    <article className="mx-auto max-w-3xl px-4 py-12 sm:px-6">
      <h1 className="text-3xl font-bold tracking-tight text-ink">{document.title}</h1>
      <p className="mt-2 text-sm text-slate-600" data-testid="legal-version">
        {document.operator.productName} · Version {document.version} ·{" "}
        {document.status === "upcoming" ? "Takes effect" : "Effective"} {document.effectiveDate}
      </p>
      {document.status === "upcoming" ? (
        <p
          role="note"
          data-testid="legal-upcoming"
          className="mt-4 rounded-lg border border-amber-300 bg-amber-50 px-4 py-3 text-sm text-amber-900"
        >
          This version is not in force yet: it takes effect on {document.effectiveDate}. Until then{" "}
          <Link href={path} className="font-medium underline">
            version {document.current.version}
          </Link>{" "}
          applies. What changes: {document.summary}
        </p>
      ) : (
        document.upcoming.map((u) => (
          <p
            key={u.version}
            role="note"
            data-testid="legal-upcoming"
            className="mt-4 rounded-lg border border-brand-100 bg-brand-50 px-4 py-3 text-sm text-ink"
          >
            A new version ({u.version}) takes effect on {u.effectiveDate}: {u.summary}{" "}
            <Link href={`${path}?version=${encodeURIComponent(u.version)}`} className="font-medium underline">
              Read version {u.version}
            </Link>
          </p>
        ))
      )}
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
