"use client";
// The "accept the new Terms / Privacy Policy" dialog: opened on page load when the signed-in user
// has a pending version (the root layout passes it), and whenever an API call answers 403
// legal_acceptance_required (an event from components/legal/events.ts). Shows each document's
// version, effective date and summary of changes, and records the acceptance.
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import { ApiError, requestJson } from "@/components/api-client";
import { LEGAL_REQUIRED_EVENT, type PendingLegalDocument } from "@/components/legal/events";

export function LegalAcceptDialog({ initial }: { initial: PendingLegalDocument[] }) {
  const router = useRouter();
  const dialog = useRef<HTMLDialogElement>(null);
  const [documents, setDocuments] = useState(initial);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const open = (event: Event) => setDocuments((event as CustomEvent<PendingLegalDocument[]>).detail);
    window.addEventListener(LEGAL_REQUIRED_EVENT, open);
    return () => window.removeEventListener(LEGAL_REQUIRED_EVENT, open);
  }, []);

  useEffect(() => {
    if (documents.length > 0 && !dialog.current?.open) dialog.current?.showModal();
  }, [documents]);

  const firstTime = documents.length > 0 && documents.every((d) => d.firstTime);

  async function accept() {
    setPending(true);
    setError(null);
    try {
      await requestJson("/api/legal/accept", {
        body: { documents: documents.map((d) => ({ id: d.id, version: d.version })) },
      });
      dialog.current?.close();
      setDocuments([]);
      router.refresh();
    } catch (e) {
      setError(e instanceof ApiError ? e.message : "Could not save. Try again.");
    } finally {
      setPending(false);
    }
  }

  return (
    <dialog
      ref={dialog}
      aria-labelledby="legal-accept-h"
      data-testid="legal-accept-dialog"
      className="max-w-lg rounded-xl bg-page p-6 text-ink shadow-xl backdrop:bg-black/50"
    >
      <h2 id="legal-accept-h" className="mb-2 text-lg font-semibold">
        {firstTime ? "Please accept our terms" : "We updated our terms"}
      </h2>
      <p className="mb-4 text-sm text-slate-700">
        {firstTime
          ? "Before you continue, please read and accept them."
          : "Please review the changes and accept them to continue."}
      </p>
      <ul className="mb-4 space-y-3">
        {documents.map((d) => (
          <li key={d.id} className="rounded-lg border border-slate-200 p-3 text-sm">
            <a href={d.path} target="_blank" rel="noopener" className="font-medium text-brand-600 underline">
              {d.title}
            </a>{" "}
            <span className="text-slate-600">
              version {d.version}, effective {d.effectiveDate}
            </span>
            <p className="mt-1 whitespace-pre-line text-slate-700">{d.summary}</p>
          </li>
        ))}
      </ul>
      {error ? (
        <p role="alert" className="mb-3 text-sm text-red-700">
          {error}
        </p>
      ) : null}
      <div className="flex justify-end gap-2">
        <button
          type="button"
          onClick={() => dialog.current?.close()}
          className="rounded-lg border border-slate-300 px-3 py-2 text-sm"
        >
          Not now
        </button>
        <button
          type="button"
          disabled={pending}
          onClick={() => void accept()}
          className="rounded-lg bg-brand-600 px-3 py-2 text-sm font-semibold text-white hover:bg-brand-700 disabled:opacity-60"
        >
          {pending ? "Saving…" : "Accept and continue"}
        </button>
      </div>
    </dialog>
  );
}
