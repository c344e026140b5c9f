"use client";
// The notice of a Terms / Privacy version announced for a later date: what changes, when, and a
// link to read it. Not a gate (the version is not in force yet); dismissed per version in this
// browser. On its effective date the accept dialog asks for it.
import Link from "next/link";
import { useEffect, useState } from "react";

type Announced = {
  id: string;
  title: string;
  path: string;
  version: string;
  effectiveDate: string;
  summary: string;
};

const STORAGE_KEY = "lc_legal_notice_dismissed";

function dismissed(): string[] {
  try {
    const value: unknown = JSON.parse(window.localStorage.getItem(STORAGE_KEY) ?? "[]");
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
  } catch {
    return [];
  }
}

export function LegalAnnouncement({ documents }: { documents: Announced[] }) {
  const key = documents.map((d) => `${d.id}@${d.version}`).join(",");
  // Hidden until the browser's dismissals are read, so a dismissed notice never flashes.
  const [hidden, setHidden] = useState(true);
  useEffect(() => setHidden(dismissed().includes(key)), [key]);
  if (hidden) return null;

  function dismiss() {
    try {
      window.localStorage.setItem(STORAGE_KEY, JSON.stringify([...dismissed(), key].slice(-20)));
    } catch {
      // Storage refused (private mode): dismissed for this page only.
    }
    setHidden(true);
  }

  return (
    <section
      aria-label="Upcoming changes to our terms"
      data-testid="legal-announcement"
      className="border-b border-slate-200 bg-brand-50"
    >
      <div className="mx-auto flex max-w-6xl flex-col gap-3 px-4 py-3 text-sm text-ink sm:flex-row sm:items-start sm:px-6">
        <ul className="flex-1 space-y-1">
          {documents.map((d) => (
            <li key={`${d.id}@${d.version}`}>
              <strong>
                Our {d.title} changes on {d.effectiveDate}.
              </strong>{" "}
              <span className="text-slate-700">{d.summary}</span>{" "}
              <Link
                href={`${d.path}?version=${encodeURIComponent(d.version)}`}
                className="whitespace-nowrap font-medium text-brand-700 underline"
              >
                Read version {d.version}
              </Link>
            </li>
          ))}
        </ul>
        <button
          type="button"
          onClick={dismiss}
          className="self-start rounded-lg border border-slate-300 bg-page px-3 py-1.5 text-sm font-medium text-slate-800 hover:bg-slate-50"
        >
          Got it
        </button>
      </div>
    </section>
  );
}
