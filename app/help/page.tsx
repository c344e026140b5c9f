// Help: what PT is, how a message is estimated and charged, plans and top-ups, refunds and
// disputes, what data is kept. Figures come from the same sources the app enforces (the
// entitlements table, the billing catalog, the hold and retention constants), so this page
// cannot drift from what actually happens.
import type { Metadata } from "next";
import Link from "next/link";
import type { ReactNode } from "react";
import { sessionRetentionDays, TOKEN_GRACE_DAYS } from "@/lib/auth/cleanup";
import { catalog, formatPtAmount } from "@/lib/billing/catalog";
import { HOLD_TTL_SECONDS } from "@/lib/chat/admit";
import { standardTypicalMessage } from "@/lib/chat/models";
import { getDb } from "@/lib/db";
import { env } from "@/lib/env";

export const metadata: Metadata = { title: "Help" };
export const dynamic = "force-dynamic";

const TOPICS = [
  ["pt", "What PT is"],
  ["charges", "How a message is estimated and charged"],
  ["plans", "Plans and top-ups"],
  ["refunds", "Refunds and disputes"],
  ["data", "What data is kept"],
] as const;

function Topic({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section id={id} aria-labelledby={`${id}-heading`} className="scroll-mt-6 space-y-3">
      <h2 id={`${id}-heading`} className="text-xl font-semibold text-ink">
        {title}
      </h2>
      <div className="space-y-3 leading-relaxed text-slate-700">{children}</div>
    </section>
  );
}

const link = "font-medium text-brand-700 underline";

export default async function HelpPage() {
  const typical = await standardTypicalMessage(await getDb()).catch(() => null);
  const c = catalog(undefined, typical?.pt);
  const perUsd = env().PT_PER_USD;
  const trial = env().GUEST_TRIAL_PT;
  return (
    <div className="mx-auto max-w-3xl px-4 py-12 sm:px-6">
      <h1 className="text-3xl font-bold tracking-tight text-ink">Help</h1>
      <p className="mt-3 text-slate-600">How PT, charges, plans, refunds and your data work here.</p>
      <nav aria-label="Help topics" className="mt-6 rounded-xl border border-slate-200 bg-slate-50 p-4">
        <ul className="grid gap-1 sm:grid-cols-2">
          {TOPICS.map(([id, title]) => (
            <li key={id}>
              <a href={`#${id}`} className={link}>
                {title}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <div className="mt-10 space-y-12">
        <Topic id="pt" title="What PT is">
          <p>
            PT (platform tokens) are the unit you pay for chat in. 1 PT is worth 1/
            {formatPtAmount(BigInt(perUsd))} of a US dollar of list price, and every model has a price in PT
            per million input and output tokens. A typical message on{" "}
            {typical ? typical.label : "a standard model"} costs about{" "}
            {formatPtAmount(BigInt(c.ptPerTypicalMessage))} PT
            {typical?.measured ? " (the median of recent messages)" : ""}; bigger models cost more, short
            messages less. The model picker shows the same figure for each model.
          </p>
          <p>
            PT are whole numbers kept in a double-entry ledger: every PT that arrives or leaves your account
            is an entry you can see on your{" "}
            <Link href="/account/ledger" className={link}>
              ledger
            </Link>
            , and your{" "}
            <Link href="/account/usage" className={link}>
              usage page
            </Link>{" "}
            adds them up by day and by model. Guests start with a trial of {formatPtAmount(trial)} PT, which
            comes with them when they sign up.
          </p>
        </Topic>
        <Topic id="charges" title="How a message is estimated and charged">
          <p>
            Before a reply starts, the app works out the most it could cost: your message and the conversation
            so far (the history is sent to the model each time, so long chats cost more per message) plus the
            longest reply your plan allows. That worst case is <strong>reserved</strong> — held aside, not
            spent. If you do not have it available, the message is refused and nothing is charged.
          </p>
          <p>
            When the reply ends you are <strong>charged what it actually used</strong>, never more than the
            reservation, and the rest is released at once. If you stop a reply, or the connection drops, you
            pay only for the words that were produced. A reservation that is never settled (a crash) is
            released automatically after {HOLD_TTL_SECONDS / 60} minutes.
          </p>
          <p>
            Each plan also has a daily PT cap, and you can set a lower one yourself under{" "}
            <Link href="/account/chat" className={link}>
              Chat limits
            </Link>
            .
          </p>
        </Topic>
        <Topic id="plans" title="Plans and top-ups">
          <div className="overflow-x-auto rounded-xl border border-slate-200">
            <table className="w-full min-w-[32rem] text-left text-sm">
              <caption className="sr-only">Plans</caption>
              <thead className="bg-slate-50 text-slate-600">
                <tr>
                  <th scope="col" className="px-3 py-2">
                    Plan
                  </th>
                  <th scope="col" className="px-3 py-2">
                    Price / month
                  </th>
                  <th scope="col" className="px-3 py-2">
                    PT each month
                  </th>
                  <th scope="col" className="px-3 py-2">
                    Models
                  </th>
                  <th scope="col" className="px-3 py-2">
                    Daily cap
                  </th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {c.plans.map((p) => (
                  <tr key={p.id} data-help-plan={p.id}>
                    <th scope="row" className="px-3 py-2 font-medium text-ink">
                      {p.name}
                    </th>
                    <td className="px-3 py-2">{p.price}</td>
                    <td className="px-3 py-2">{formatPtAmount(BigInt(p.monthlyAllowancePt))}</td>
                    <td className="px-3 py-2">{p.modelTiers.join(", ")} tier</td>
                    <td className="px-3 py-2">{formatPtAmount(BigInt(p.dailyPtCap))} PT</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <p>
            A plan&apos;s monthly PT are an allowance that expires at the end of the billing period; messages
            use it first. Top-up packs are one-time purchases on any plan and never expire:{" "}
            {c.packs.map((p, i) => (
              <span key={p.id} data-help-pack={p.id}>
                {i > 0 ? (i === c.packs.length - 1 ? " and " : ", ") : ""}
                {p.name.toLowerCase()} {formatPtAmount(BigInt(p.pt))} PT for {p.price}
              </span>
            ))}
            . Buying and paid models need a verified email address. See{" "}
            <Link href="/pricing" className={link}>
              pricing
            </Link>{" "}
            to buy, and{" "}
            <Link href="/billing" className={link}>
              billing
            </Link>{" "}
            for your plan, renewal and purchases.
          </p>
          {c.testMode && (
            <p className="rounded-lg border border-amber-300 bg-amber-50 px-4 py-3 text-sm text-amber-900">
              This installation runs in test mode: checkout is a built-in test page and takes no real payment.
            </p>
          )}
        </Topic>
        <Topic id="refunds" title="Refunds and disputes">
          <p>
            If a charge looks wrong — a message or a payment — open your{" "}
            <Link href="/account/ledger" className={link}>
              ledger
            </Link>{" "}
            and choose <em>Dispute</em> on that line. An administrator reviews it; if approved, a message is
            credited back in PT and a payment is refunded through the payment provider. You are told the
            outcome by email and on the ledger page.
          </p>
          <p>
            When a payment is refunded, the PT it bought are taken back (in proportion for a partial refund).
            PT already spent become a negative balance that must be paid off before you can chat again. A bank
            chargeback freezes the account until the dispute closes. If you paid and the PT did not arrive,
            use &ldquo;I paid but don&apos;t see it&rdquo; on the billing page.
          </p>
        </Topic>
        <Topic id="data" title="What data is kept">
          <ul className="list-disc space-y-2 pl-5">
            <li>
              <strong>Conversations</strong>: your messages and replies, with the tokens and PT of each, so
              you can come back to them. Deleting a conversation hides it from you.
            </li>
            <li>
              <strong>The ledger and payments</strong> are kept for good: entries are never edited or deleted,
              so statements and exports always add up. Card details are held by the payment provider, never
              here.
            </li>
            <li>
              <strong>Account and security</strong>: your email, a password hash (argon2id), sessions (removed{" "}
              {sessionRetentionDays()} days after they end) and one-time links (removed {TOKEN_GRACE_DAYS}{" "}
              days after use or expiry). Administrators&apos; actions on accounts are kept in an audit log.
            </li>
          </ul>
          <p>
            You can download your statement and your usage as CSV from the{" "}
            <Link href="/account/usage" className={link}>
              usage page
            </Link>
            .
          </p>
        </Topic>
      </div>
    </div>
  );
}
