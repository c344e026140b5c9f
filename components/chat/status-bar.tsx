"use client";
// Always-visible balance, plus warnings when the balance is low, the daily cap is near or the
// per-minute rate limit is close.
import type { AccountSummary } from "@/components/chat/api";
import { formatPt } from "@/components/chat/api";

export function StatusBar({
  account,
  typicalPt,
  rateRemaining,
}: {
  account: AccountSummary | null;
  typicalPt: string | null;
  rateRemaining: number | null;
}) {
  if (!account)
    return <div className="h-9 border-b border-slate-200 px-4 py-2 text-sm text-slate-400">…</div>;
  const available = BigInt(account.available);
  const low = typicalPt !== null && available < BigInt(typicalPt) * 5n;
  const spent = BigInt(account.spentToday);
  const team = account.team ?? null;
  const cap = BigInt(team ? (team.dailyCapPt ?? "0") : account.dailyPtCap);
  const capNear = cap > 0n && spent * 10n >= cap * 8n;
  return (
    <div className="flex flex-wrap items-center gap-x-4 gap-y-1 border-b border-slate-200 px-4 py-2 text-sm">
      <span>
        {team ? `${team.name} pool: ` : "Balance: "}
        <strong data-testid="balance" data-pt={account.available}>
          {formatPt(account.available)}
        </strong>
      </span>
      {team ? (
        <span className="text-slate-500">
          Team workspace · you today {formatPt(account.spentToday)}
          {team.dailyCapPt === null ? "" : ` of ${formatPt(team.dailyCapPt)}`}
        </span>
      ) : (
        <span className="text-slate-500">
          {account.isGuest ? "Guest trial" : `${account.plan} plan`} · today {formatPt(account.spentToday)} of{" "}
          {formatPt(account.dailyPtCap)}
        </span>
      )}
      {team ? (
        <a href={`/teams/${team.id}`} className="text-brand-700 underline">
          Team settings
        </a>
      ) : account.isGuest ? (
        <a href="/sign-up" className="text-brand-700 underline">
          Sign up to keep this chat
        </a>
      ) : (
        <a href="/account/chat" className="text-brand-700 underline">
          Daily cap settings
        </a>
      )}
      {low && (
        <span role="status" className="rounded bg-amber-100 px-2 text-amber-900">
          Low balance —{" "}
          <a href={account.isGuest ? "/sign-up" : "/billing#top-up"} className="underline">
            {account.isGuest ? "sign up for more" : "top up"}
          </a>
        </span>
      )}
      {capNear && (
        <span role="status" className="rounded bg-amber-100 px-2 text-amber-900">
          Near today's limit
        </span>
      )}
      {rateRemaining !== null && rateRemaining <= 2 && (
        <span role="status" className="rounded bg-amber-100 px-2 text-amber-900">
          {rateRemaining === 0
            ? "Rate limit reached — wait a minute"
            : `${rateRemaining} ${rateRemaining === 1 ? "message" : "messages"} left this minute`}
        </span>
      )}
    </div>
  );
}
