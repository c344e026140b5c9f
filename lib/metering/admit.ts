// One admission for every metered request (a chat turn, a /v1 request): ONE statement takes one of
// the paying account's concurrency slots (one pool per account, shared by chat and the API, so a
// plan's concurrent streams cannot be doubled by using both; an API key with a lower limit of its
// own takes one of its key's slots as well), reads what the paying account spent today on every surface, places
// the ledger hold gated on the slot, the daily PT cap and the monthly budget's hard stop (the
// balance and the budget checked under the account row lock, lib/ledger/holds reserveComposed) and
// runs the surface's own writes alongside (its saved turn, its key's budget). A refusal leaves
// nothing behind: the slot it took is freed before the refusal answers. The daily cap is a throttle
// read from the statement's snapshot (requests of one account admitted at the same instant, at most
// its concurrent slots, can pass it together); the balance and a hard-stop budget cannot be
// overspent: their checks are exact under the row lock.
import { assertWithinBudget, budgetGateSql } from "@/lib/budgets/admission";
import type { Db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { Prisma } from "@/lib/generated/prisma/client";
import type { Hold, ReserveInput } from "@/lib/ledger/holds";
import { holdOrRefusal, reserveComposed } from "@/lib/ledger/holds";
import { spentSinceSql } from "@/lib/ledger/spent";
import { claimSlotSql, releaseStreamSlot } from "@/lib/metering/stream-slots";
import type { TeamPayer } from "@/lib/teams/admission-gate";
import { teamGateColumn, teamGateCte, teamRefusal } from "@/lib/teams/admission-gate";

export type MeteredRequest = {
  /** The hold: the paying account, the worst case, the idempotency key and its lifetime. */
  reservation: ReserveInput;
  /** The concurrency slots: whose (the paying account's pool), how many, and the request holding one. */
  slot: { ownerKey: string; limit: number; requestId: string };
  /** A narrower pool inside it the request takes a slot of too (an API key's own limit). */
  subSlot?: { ownerKey: string; limit: number };
  /** The account's daily PT cap (spend of every surface since midnight UTC, plus this worst case). */
  dailyPtCap: bigint;
  at: Date;
  /** The surface's CTEs after the hold (they may read `placed`) and its output columns. */
  alongside?: Prisma.Sql;
  columns?: Prisma.Sql;
  /**
   * When a team's pool pays (reservation.account is the team's): its member, whose daily and monthly
   * caps and the team's daily cap are gates of this same statement (lib/teams/admission-gate.ts).
   */
  team?: TeamPayer;
  /** The refusal when every slot of a pool is busy ("sub": the narrower one), and when the request's key was used already. */
  busy: (limit: number, pool: "main" | "sub") => AppError;
  duplicate: () => AppError;
};

type MeteringRow = { claimed?: number; busy?: number; subClaimed?: number; subBusy?: number; spent?: bigint };

function busySql(ownerKey: string, claimed: string): Prisma.Sql {
  return Prisma.sql`CASE WHEN EXISTS (SELECT 1 FROM ${Prisma.raw(claimed)}) THEN 0 ELSE (SELECT count(*) FROM "ChatStreamSlot"
        WHERE "ownerKey" = ${ownerKey} AND "expiresAt" > now()) END::int`;
}

/**
 * Admits the request (its slot taken, its worst case held, the surface's writes done) and answers
 * the hold with the surface's columns, or throws the first refusal: busy slots (429), the daily cap
 * (429 daily_cap), the monthly budget (402 budget_exceeded), the balance (402 pt_exhausted), a
 * repeated key. An error raised by the surface's
 * own CTEs rolls the whole statement back and is thrown as it is.
 */
export async function admitMetered<Row extends object>(
  db: Db,
  input: MeteredRequest,
): Promise<{ hold: Hold; row: Row }> {
  const { reservation, slot, subSlot, at } = input;
  const amount = reservation.amount;
  const ttlSeconds = reservation.ttlSeconds;
  const sub = subSlot
    ? {
        cte: Prisma.sql`,
      sub_claimed AS (${claimSlotSql({ ownerKey: subSlot.ownerKey, limit: subSlot.limit, messageId: slot.requestId, ttlSeconds })})`,
        gate: Prisma.sql`AND EXISTS (SELECT 1 FROM sub_claimed)`,
        columns: Prisma.sql`, (SELECT count(*) FROM sub_claimed)::int AS "subClaimed", ${busySql(subSlot.ownerKey, "sub_claimed")} AS "subBusy"`,
      }
    : { cte: Prisma.empty, gate: Prisma.empty, columns: Prisma.empty };
  const team = input.team;
  const alongside = team
    ? Prisma.sql`${input.alongside ? Prisma.sql`${input.alongside}, ` : Prisma.empty}${teamGateCte(team, amount, at)}`
    : input.alongside;
  const columns = team
    ? Prisma.sql`${input.columns ? Prisma.sql`${input.columns}, ` : Prisma.empty}${teamGateColumn}`
    : input.columns;
  const compose = {
    before: Prisma.sql`
      claimed AS (${claimSlotSql({ ownerKey: slot.ownerKey, limit: slot.limit, messageId: slot.requestId, ttlSeconds })})${sub.cte},
      spent AS (${spentSinceSql(reservation.account, startOfUtcDay(at))})`,
    gate: Prisma.sql`EXISTS (SELECT 1 FROM claimed) ${sub.gate}
      AND (SELECT spent FROM spent) + ${amount}::bigint <= ${input.dailyPtCap}::bigint
      AND ${budgetGateSql(amount)}`,
    alongside,
    columns: Prisma.sql`(SELECT count(*) FROM claimed)::int AS claimed,
      ${busySql(slot.ownerKey, "claimed")} AS busy${sub.columns},
      (SELECT spent FROM spent) AS spent${columns ? Prisma.sql`, ${columns}` : Prisma.empty}`,
  };
  const release = (claimed: { main: boolean; sub: boolean }) =>
    Promise.all([
      claimed.main ? releaseStreamSlot(db, { ownerKey: slot.ownerKey, messageId: slot.requestId }) : null,
      claimed.sub && subSlot
        ? releaseStreamSlot(db, { ownerKey: subSlot.ownerKey, messageId: slot.requestId })
        : null,
    ]);
  // Two racers may pick the same free slot: the loser's statement claims none and places nothing,
  // so it tries again while the snapshot showed a slot free (at most once per slot).
  const attempts = slot.limit + (subSlot?.limit ?? 0);
  for (let attempt = 0; attempt <= attempts; attempt++) {
    const { hold, row } = await reserveComposed<Row & MeteringRow>(db, reservation, compose).catch(
      (error: unknown) => {
        // A team cap refused it: the statement rolled back whole (hold, slot, the surface's writes).
        throw (team && teamRefusal(error, at)) || error;
      },
    );
    // A unique violation on the hold key rolled the whole statement back: admitted at most once.
    if (row.claimed === undefined) throw input.duplicate();
    if (hold) return { hold, row };
    const claimed = { main: row.claimed > 0, sub: !subSlot || (row.subClaimed ?? 0) > 0 };
    if (!claimed.main || !claimed.sub) {
      // A slot this statement did take is given back before trying again or refusing.
      await release(claimed);
      if (!claimed.main && (row.busy ?? 0) >= slot.limit) throw input.busy(slot.limit, "main");
      if (subSlot && !claimed.sub && (row.subBusy ?? 0) >= subSlot.limit)
        throw input.busy(subSlot.limit, "sub");
      continue;
    }
    await release(claimed);
    assertDailyCap(input.dailyPtCap, row.spent ?? 0n, amount, at);
    await assertWithinBudget(db, reservation.account, amount, at);
    // The slot and the cap allowed it, so the ledger refused: say why (pt_exhausted), or it was a repeat.
    await holdOrRefusal(db, reservation);
    throw input.duplicate();
  }
  throw input.busy(slot.limit, "main");
}

export function startOfUtcDay(now: Date): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
}

export function secondsUntilUtcMidnight(now: Date = new Date()): number {
  const next = startOfUtcDay(now).getTime() + 86_400_000;
  return Math.max(1, Math.ceil((next - now.getTime()) / 1000));
}

/** Refuses a request whose worst case would take today's spend over the account's daily cap. */
export function assertDailyCap(cap: bigint, spent: bigint, worstCase: bigint, now: Date = new Date()): void {
  if (spent + worstCase <= cap) return;
  const retryAfter = secondsUntilUtcMidnight(now);
  throw new AppError(
    "rate_limited",
    "You have reached your daily PT limit. It resets at midnight UTC.",
    { reason: "daily_cap", cap, spent, needed: worstCase, retryAfter },
    { "Retry-After": String(retryAfter) },
  );
}
