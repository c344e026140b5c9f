// One mail of the dev mailbox: its text part inline and its links as plain anchors. The HTML
// part opens on its own route: our CSP forbids frames, so it cannot be embedded here.
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getDb } from "@/lib/db";
import { getDevMail, isDevMailboxEnabled } from "@/lib/email/dev-mailbox";

export const metadata: Metadata = { title: "Dev mailbox", robots: { index: false } };

export default async function DevMailMessagePage({ params }: { params: Promise<{ id: string }> }) {
  if (!isDevMailboxEnabled()) notFound();
  const { id } = await params;
  const mail = await getDevMail(await getDb(), id);
  if (!mail) notFound();

  const fields: [string, string][] = [
    ["From", mail.from],
    ["To", mail.to],
    ["Template", `${mail.template} (${mail.category})`],
    ...Object.entries(mail.headers),
    ["Status", `${mail.status} (${mail.attempts} attempt${mail.attempts === 1 ? "" : "s"})`],
    ["Created", mail.createdAt.toISOString()],
    ["Sent", mail.sentAt?.toISOString() ?? "—"],
  ];
  if (mail.lastError) fields.push(["Last error", mail.lastError]);
  for (const a of mail.log ?? [])
    fields.push([
      `Attempt ${a.attempt}`,
      `${a.provider}: ${a.outcome} in ${a.durationMs} ms${a.error ? ` (${a.error})` : ""}`,
    ]);

  return (
    <div className="mx-auto max-w-3xl px-4 py-10 sm:px-6">
      <Link href="/dev/mail" className="text-sm text-brand-600 hover:text-brand-700">
        ← All mail
      </Link>
      <h1 className="mt-3 text-2xl font-bold text-ink" data-testid="dev-mail-subject">
        {mail.subject}
      </h1>
      <dl className="mt-4 grid grid-cols-[8rem_1fr] gap-x-4 gap-y-1 text-sm">
        {fields.map(([k, v]) => (
          <div key={k} className="contents">
            <dt className="text-slate-500">{k}</dt>
            <dd className="break-all text-slate-800">{v}</dd>
          </div>
        ))}
      </dl>
      {mail.links.length > 0 && (
        <section className="mt-6">
          <h2 className="text-sm font-semibold text-slate-700">Links</h2>
          <ul className="mt-1">
            {mail.links.map((href) => (
              <li key={href}>
                <a href={href} className="break-all text-brand-600 underline" data-testid="dev-mail-link">
                  {href}
                </a>
              </li>
            ))}
          </ul>
        </section>
      )}
      <pre className="mt-6 whitespace-pre-wrap rounded border border-slate-200 bg-slate-50 p-4 text-sm text-slate-800">
        {mail.text}
      </pre>
      <a href={`/dev/mail/${mail.id}/html`} className="mt-4 inline-block text-sm text-brand-600 underline">
        View the HTML part
      </a>
    </div>
  );
}
