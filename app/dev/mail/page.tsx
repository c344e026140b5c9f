// The dev mailbox: every outgoing mail, newest first. Exists only while no real provider is
// configured and never in production (lib/email/dev-mailbox.ts); otherwise a plain 404.
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getDb } from "@/lib/db";
import { isDevMailboxEnabled, listDevMail } from "@/lib/email/dev-mailbox";
import { processOutbox } from "@/lib/email/process-outbox";
import { logger } from "@/lib/logger";

export const metadata: Metadata = { title: "Dev mailbox", robots: { index: false } };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

export default async function DevMailPage({ searchParams }: { searchParams: SearchParams }) {
  if (!isDevMailboxEnabled()) notFound();
  const params = await searchParams;
  const page = Math.max(1, Number.parseInt(single(params.page) ?? "1", 10) || 1);
  const to = single(params.to)?.trim() || undefined;
  const db = await getDb();
  // Drain what the enqueue kick missed (e.g. a row whose transaction committed after it ran).
  await processOutbox(db, { limit: 100 }).catch((error: unknown) =>
    logger.error({ err: error }, "dev mailbox drain failed"),
  );
  const { mails, total, pages } = await listDevMail(db, { page, to });
  const query = (p: number) => `/dev/mail?${new URLSearchParams({ ...(to ? { to } : {}), page: String(p) })}`;

  return (
    <div className="mx-auto max-w-5xl px-4 py-10 sm:px-6">
      <h1 className="text-2xl font-bold text-ink">Dev mailbox</h1>
      <p className="mt-2 text-sm text-slate-600">
        No email provider is configured, so mail is kept here instead of being delivered. {total} message
        {total === 1 ? "" : "s"}
        {to ? ` to ${to}` : ""}.
      </p>
      <form method="get" action="/dev/mail" className="mt-4 flex gap-2">
        <input
          type="email"
          name="to"
          defaultValue={to}
          placeholder="Filter by recipient"
          className="w-72 rounded border border-slate-300 px-3 py-1.5 text-sm"
        />
        <button
          type="submit"
          className="rounded bg-slate-800 px-3 py-1.5 text-sm font-medium text-white dark:text-slate-50"
        >
          Filter
        </button>
      </form>
      {mails.length === 0 ? (
        <p className="mt-8 text-slate-600">No mail yet.</p>
      ) : (
        <ul className="mt-6 divide-y divide-slate-200 border-y border-slate-200" data-testid="dev-mail-list">
          {mails.map((mail) => (
            <li
              key={mail.id}
              className="py-3"
              data-testid="dev-mail"
              data-to={mail.to}
              data-template={mail.template}
            >
              <div className="flex flex-wrap items-baseline justify-between gap-2">
                <Link
                  href={`/dev/mail/${mail.id}`}
                  className="font-medium text-brand-600 hover:text-brand-700"
                >
                  {mail.subject}
                </Link>
                <span className="text-xs text-slate-500">
                  {mail.status} · {mail.createdAt.toISOString()}
                </span>
              </div>
              <div className="text-sm text-slate-600">
                from {mail.from} to {mail.to} · {mail.template} ({mail.category})
              </div>
              {mail.links.map((href) => (
                <a
                  key={href}
                  href={href}
                  className="block truncate text-sm text-slate-700 underline"
                  data-testid="dev-mail-link"
                >
                  {href}
                </a>
              ))}
            </li>
          ))}
        </ul>
      )}
      {pages > 1 && (
        <nav className="mt-6 flex items-center gap-4 text-sm" aria-label="Pages">
          {page > 1 && <Link href={query(page - 1)}>← Newer</Link>}
          <span className="text-slate-500">
            Page {page} of {pages}
          </span>
          {page < pages && <Link href={query(page + 1)}>Older →</Link>}
        </nav>
      )}
    </div>
  );
}
