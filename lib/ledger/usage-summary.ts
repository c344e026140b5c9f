// A user's chat usage over one UTC month, read from the ledger itself: the usage entries of the
// account (what settle posted), grouped by UTC day and by model. Because it sums the same entries
// the statement lists, the totals reconcile with the ledger by construction; nothing is estimated.

import type { Db } from "@/lib/db";
import { findAccountId } from "@/lib/ledger/accounts";
import type { AccountRef } from "@/lib/ledger/common";
import { csvField } from "@/lib/ledger/history";
import { monthRange, utcMonth } from "@/lib/periods";

export type UsageDay = { day: string; pt: bigint; messages: number };
export type UsageModel = {
  model: string;
  pt: bigint;
  messages: number;
  inputTokens: number;
  outputTokens: number;
};
export type UsageMonth = {
  month: string;
  totalPt: bigint;
  messages: number;
  /** Every day of the month up to today (or its last day), zero-filled, oldest first. */
  byDay: UsageDay[];
  /** Models by PT spent, most first. */
  byModel: UsageModel[];
  /** One line per UTC day and model that had usage, oldest first (the CSV export). */
  lines: UsageLine[];
};
export type UsageLine = UsageModel & { day: string };

type Row = { day: string; model: string; pt: bigint; messages: number; input: bigint; output: bigint };

/** The model name recorded at settlement; usage without one (none today) is grouped apart. */
export const UNKNOWN_MODEL = "(unrecorded)";

export async function usageForMonth(
  db: Db,
  input: { account: AccountRef; month: string; now?: Date },
): Promise<UsageMonth> {
  const { from, to } = monthRange(input.month);
  const accountId = await findAccountId(db, input.account);
  const rows = accountId
    ? await db.$queryRaw<Row[]>`
        SELECT to_char(e."createdAt" AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day,
               coalesce(t.metadata->>'model', ${UNKNOWN_MODEL}) AS model,
               -sum(e.amount)::bigint AS pt, count(*)::int AS messages,
               sum(CASE WHEN t.metadata->>'inputTokens' ~ '^[0-9]{1,9}$' THEN (t.metadata->>'inputTokens')::bigint ELSE 0 END)::bigint AS input,
               sum(CASE WHEN t.metadata->>'outputTokens' ~ '^[0-9]{1,9}$' THEN (t.metadata->>'outputTokens')::bigint ELSE 0 END)::bigint AS output
        FROM "LedgerEntry" e JOIN "LedgerTransaction" t ON t.id = e."transactionId"
        WHERE e."accountId" = ${accountId}::uuid AND t.kind = 'usage'
          AND e."createdAt" >= ${from} AND e."createdAt" < ${to}
        GROUP BY 1, 2`
    : [];
  const days = new Map<string, UsageDay>();
  const models = new Map<string, UsageModel>();
  let totalPt = 0n;
  let messages = 0;
  for (const r of rows) {
    totalPt += r.pt;
    messages += r.messages;
    const d = days.get(r.day) ?? { day: r.day, pt: 0n, messages: 0 };
    d.pt += r.pt;
    d.messages += r.messages;
    days.set(r.day, d);
    const m = models.get(r.model) ?? { model: r.model, pt: 0n, messages: 0, inputTokens: 0, outputTokens: 0 };
    m.pt += r.pt;
    m.messages += r.messages;
    m.inputTokens += Number(r.input);
    m.outputTokens += Number(r.output);
    models.set(r.model, m);
  }
  const now = input.now ?? new Date();
  const last = utcMonth(now) === input.month ? now : new Date(to.getTime() - 1);
  const byDay: UsageDay[] = [];
  for (let t = from.getTime(); t <= last.getTime() && t < to.getTime(); t += 86_400_000) {
    const day = new Date(t).toISOString().slice(0, 10);
    byDay.push(days.get(day) ?? { day, pt: 0n, messages: 0 });
  }
  const byModel = [...models.values()].sort((a, b) =>
    a.pt === b.pt ? a.model.localeCompare(b.model) : a.pt > b.pt ? -1 : 1,
  );
  const lines = rows
    .map((r) => ({
      day: r.day,
      model: r.model,
      pt: r.pt,
      messages: r.messages,
      inputTokens: Number(r.input),
      outputTokens: Number(r.output),
    }))
    .sort((a, b) => a.day.localeCompare(b.day) || a.model.localeCompare(b.model));
  return { month: input.month, totalPt, messages, byDay, byModel, lines };
}

/** This month and the one before, as the usage page shows them. */
export async function recentUsage(
  db: Db,
  input: { account: AccountRef; now?: Date },
): Promise<{ current: UsageMonth; previous: UsageMonth }> {
  const now = input.now ?? new Date();
  const previousMonth = utcMonth(new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1)));
  const [current, previous] = await Promise.all([
    usageForMonth(db, { account: input.account, month: utcMonth(now), now }),
    usageForMonth(db, { account: input.account, month: previousMonth, now }),
  ]);
  return { current, previous };
}

/** Usage months as CSV (RFC 4180, CRLF): one line per UTC day and model that had usage. */
export function usageCsv(months: UsageMonth[]): string {
  const out = ["day,model,messages,pt,input_tokens,output_tokens"];
  const lines = months
    .flatMap((m) => m.lines)
    .sort((a, b) => a.day.localeCompare(b.day) || a.model.localeCompare(b.model));
  for (const r of lines)
    out.push(
      [
        csvField(r.day),
        csvField(r.model),
        csvField(r.messages, { text: false }),
        csvField(r.pt, { text: false }),
        csvField(r.inputTokens, { text: false }),
        csvField(r.outputTokens, { text: false }),
      ].join(","),
    );
  return `${out.join("\r\n")}\r\n`;
}
