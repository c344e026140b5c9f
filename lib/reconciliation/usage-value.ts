// What the PT consumed by usage were worth. PT price is set by how plans and packs sell PT, not by
// list price (seeded model prices store provider cost = list value), so revenue is realized per
// grant draw: every settle draws grants, and a grant funded by a payment carries that payment's
// { amountMinor, currency, taxMinor? } in its transaction metadata (billing contract). Per drawn PT:
//   paid      — funded in USD: (amountMinor − taxMinor) · 10⁴ µUSD × drawn / PT the payment granted
//               (tax collected for the state is not revenue);
//   estimated — a purchase (or another currency) whose price is not recorded: valued at list
//               price (PT_PER_USD), flagged so the gap in billing metadata gets fixed;
//   free      — allowance without payment, trial, promo, adjustment, refund credit: no revenue.
// Each usage transaction's provider cost is split pro rata between its paid/estimated and free
// PT, so margin measures paid usage and free usage shows as its own cost line. The provider cost is
// the one settle computed over every dimension (cached input, cache writes, reasoning, the long
// tier: lib/pricing/charge.ts); the token counts per dimension come from the same metadata.
import { Prisma } from "@/lib/generated/prisma/client";
import { roundHalfEven } from "@/lib/money/rounding";
import type { Range } from "@/lib/periods";

/** Token counts per dimension in a usage transaction's metadata (all-time totals and their parts). */
export const TOKEN_FIELDS = [
  "inputTokens",
  "cachedInputTokens",
  "cacheWrite5mTokens",
  "cacheWrite1hTokens",
  "outputTokens",
  "reasoningTokens",
] as const;
export type TokenField = (typeof TOKEN_FIELDS)[number];

/** One metadata count as a bigint column named like the field (0 when absent or malformed). */
const tokenColumns = Prisma.join(
  TOKEN_FIELDS.map(
    (
      f,
    ) => Prisma.sql`CASE WHEN t.metadata->>${f} ~ '^[0-9]{1,12}$' THEN (t.metadata->>${f})::bigint ELSE 0 END
      AS ${Prisma.raw(`"${f}"`)}`,
  ),
);

/**
 * Columns: tx, model, provider, charged, cost (null when not recorded), paid_pt, est_pt, free_pt,
 * revenue, paid_cost, free_cost, and one per TOKEN_FIELDS entry.
 */
export function usageValueCte(range: Range, ptPerUsd: bigint): Prisma.Sql {
  return Prisma.sql`
    usage_tx AS (
      SELECT t.id AS tx, coalesce(t.metadata->>'model', 'unknown') AS model,
        coalesce(t.metadata->>'provider',
          (SELECT p.provider FROM "ModelPrice" p WHERE p.model = t.metadata->>'model'
             AND p."effectiveFrom" <= t."createdAt" ORDER BY p."effectiveFrom" DESC LIMIT 1),
          'unknown') AS provider,
        CASE WHEN t.metadata->>'providerCostMicroUsd' ~ '^[0-9]{1,30}$'
             THEN (t.metadata->>'providerCostMicroUsd')::numeric END AS cost,
        ${tokenColumns}
      FROM "LedgerTransaction" t
      WHERE t.kind = 'usage' AND t."createdAt" >= ${range.from} AND t."createdAt" < ${range.to}),
    draws AS (
      SELECT d."transactionId" AS tx, d.amount::numeric AS pt,
        CASE
          WHEN gt.metadata->>'amountMinor' ~ '^[0-9]{1,30}$' AND lower(gt.metadata->>'currency') = 'usd' THEN 'paid'
          WHEN gt.kind = 'purchase' OR g.source = 'purchase' OR gt.metadata ? 'amountMinor' THEN 'est'
          ELSE 'free' END AS class,
        CASE WHEN gt.metadata->>'amountMinor' ~ '^[0-9]{1,30}$' AND lower(gt.metadata->>'currency') = 'usd'
             THEN d.amount::numeric * ((gt.metadata->>'amountMinor')::numeric
                    - CASE WHEN gt.metadata->>'taxMinor' ~ '^[0-9]{1,30}$' THEN (gt.metadata->>'taxMinor')::numeric ELSE 0 END)
                  * 10000
                  / (SELECT sum(g2.amount) FROM "LedgerGrant" g2 WHERE g2."transactionId" = g."transactionId")
             WHEN gt.kind = 'purchase' OR g.source = 'purchase' OR gt.metadata ? 'amountMinor'
             THEN d.amount::numeric * 1000000 / ${ptPerUsd}::numeric
             ELSE 0 END AS revenue
      FROM "LedgerGrantDraw" d
      JOIN "LedgerGrant" g ON g.id = d."grantId"
      JOIN "LedgerTransaction" gt ON gt.id = g."transactionId"
      WHERE d."transactionId" IN (SELECT tx FROM usage_tx)),
    per_tx AS (
      SELECT tx, sum(pt) AS charged,
        coalesce(sum(pt) FILTER (WHERE class = 'paid'), 0) AS paid_pt,
        coalesce(sum(pt) FILTER (WHERE class = 'est'), 0) AS est_pt,
        coalesce(sum(pt) FILTER (WHERE class = 'free'), 0) AS free_pt,
        sum(revenue) AS revenue
      FROM draws GROUP BY tx),
    usage_value AS (
      SELECT u.tx, u.model, u.provider, u.cost, coalesce(v.charged, 0) AS charged,
        ${Prisma.join(TOKEN_FIELDS.map((f) => Prisma.raw(`u."${f}"`)))},
        coalesce(v.paid_pt, 0) AS paid_pt, coalesce(v.est_pt, 0) AS est_pt, coalesce(v.free_pt, 0) AS free_pt,
        coalesce(v.revenue, 0) AS revenue,
        CASE WHEN coalesce(v.charged, 0) = 0 THEN 0
             ELSE coalesce(u.cost, 0) * (v.paid_pt + v.est_pt) / v.charged END AS paid_cost,
        CASE WHEN coalesce(v.charged, 0) = 0 THEN coalesce(u.cost, 0)
             ELSE coalesce(u.cost, 0) * v.free_pt / v.charged END AS free_cost
      FROM usage_tx u LEFT JOIN per_tx v ON v.tx = u.tx)`;
}

/** A numeric sum rendered by SQL `round(x, 6)::text` → whole micro-units, half-even (the one rounding rule). */
export function micros(decimal: string | null): bigint {
  if (!decimal) return 0n;
  const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(decimal.trim());
  if (!match) throw new RangeError(`not a decimal: ${decimal}`);
  const [, sign, whole = "0", frac = ""] = match;
  const scale = 10n ** BigInt(frac.length);
  const value = roundHalfEven(BigInt(whole) * scale + BigInt(frac || "0"), scale);
  return sign === "-" ? -value : value;
}
