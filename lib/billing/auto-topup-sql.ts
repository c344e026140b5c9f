// Auto top-up, detected by the settlement that leaves available PT below the user's auto top-up
// threshold: the CTEs below run inside the ledger's settle statement (lib/ledger/settle.ts) and
// only queue a charge (an AutoTopUpCharge row); the charge itself runs off the request path, in the
// auto-topup cron job (auto-topup-run.ts), and is credited only by the payment_intent.succeeded
// webhook. Once per crossing (lib/ledger/crossing.ts): of many settles racing below the threshold
// only the one whose conditional UPDATE of the AutoTopUp row wins queues, and (account, crossing) is
// unique. At most maxPerDay charges a UTC day: the count is read under the account lock, and a
// crossing over the limit is left armed, so the first charge of a later day queues it.
import { Prisma } from "@/lib/generated/prisma/client";
import { AVAILABLE_AFTER, armedSql, FIRE_MARK } from "@/lib/ledger/crossing";

const DAY = Prisma.sql`to_char((SELECT t FROM clock) AT TIME ZONE 'UTC', 'YYYY-MM-DD')`;

/** The settlement's auto top-up CTEs (each name starts with autotopup_); see low-balance-sql.ts. */
export function autoTopUpCtes(): Prisma.Sql {
  return Prisma.sql`,
    autotopup_hit AS (
      SELECT a."accountId" AS account_id, a."firedMark" AS mark
      FROM acct JOIN "AutoTopUp" a ON a."accountId" = acct.id AND a.enabled AND acct.type IN ('user', 'team')
      WHERE EXISTS (SELECT 1 FROM h WHERE h.charged > 0)
        AND ${AVAILABLE_AFTER} < a."thresholdPt" AND ${armedSql("a")}
        AND (SELECT count(*) FROM "AutoTopUpCharge" c
             WHERE c."accountId" = a."accountId" AND c.day = ${DAY}) < a."maxPerDay"),
    autotopup_fire AS (
      UPDATE "AutoTopUp" a SET "firedMark" = ${FIRE_MARK}, crossings = a.crossings + 1,
             "updatedAt" = (SELECT t FROM clock)
      FROM autotopup_hit x
      WHERE a."accountId" = x.account_id AND a.enabled AND a."firedMark" IS NOT DISTINCT FROM x.mark
      RETURNING a."accountId" AS account_id, a."userId" AS user_id, a."teamId" AS team_id,
                a.crossings AS crossing, a.pack),
    autotopup_charge AS (
      INSERT INTO "AutoTopUpCharge" (id, "accountId", "userId", "teamId", crossing, pack, day, "nextAttemptAt",
                                     "createdAt", "updatedAt")
      SELECT gen_random_uuid(), account_id, user_id, team_id, crossing, pack, ${DAY}, (SELECT t FROM clock),
             (SELECT t FROM clock), (SELECT t FROM clock)
      FROM autotopup_fire
      ON CONFLICT ("accountId", crossing) DO NOTHING)`;
}
