// Low-balance alerts, detected by the settlement that leaves available PT below the account's
// threshold: the CTEs below run inside the ledger's settle statement (lib/ledger/settle.ts), so the
// crossing, its email, in-app notice and balance.low outbox rows commit or roll back with the
// charge. Once per crossing (lib/ledger/crossing.ts): of many settles racing below the threshold
// only the one whose conditional UPDATE of the LowBalanceAlert row wins sends anything, and a credit
// that brings the balance back to the threshold re-arms it.
import { appUrl } from "@/lib/app-url";
import { emailOutboxSql } from "@/lib/email/outbox-sql";
import { Prisma } from "@/lib/generated/prisma/client";
import { AVAILABLE_AFTER, armedSql, FIRE_MARK } from "@/lib/ledger/crossing";
import { ptPerUsd } from "@/lib/money/pt";
import { notificationsSql } from "@/lib/notifications";
import { webhookEventsSql } from "@/lib/webhooks-out/emit-sql";

export const LOW_BALANCE_SETTINGS_PATH = "/account/chat#low-balance";

// PT as "1,234,567" in SQL (bigint fits 19 digits).
const grouped = (x: string) => Prisma.raw(`to_char(${x}, 'FM9,999,999,999,999,999,999')`);

/**
 * The settlement's low-balance CTEs (each name starts with lowbal_). They read the settle
 * statement's `clock`, `h` (the settled hold) and `acct` (the account row after the update).
 * A repeat or a 0 PT charge crosses nothing.
 */
export function lowBalanceCtes(): Prisma.Sql {
  const settings = appUrl(LOW_BALANCE_SETTINGS_PATH);
  const billing = appUrl("/billing");
  const perUsd = ptPerUsd().toString();
  return Prisma.sql`,
    lowbal_hit AS (
      SELECT s."accountId" AS account_id, s."firedMark" AS mark, ${AVAILABLE_AFTER} AS available
      FROM acct JOIN "LowBalanceAlert" s ON s."accountId" = acct.id
      WHERE EXISTS (SELECT 1 FROM h WHERE h.charged > 0)
        AND ${AVAILABLE_AFTER} < s."thresholdPt" AND ${armedSql("s")}),
    lowbal_fire AS (
      -- Conditional on the mark read: a concurrent settle that fired first changed it, and this
      -- UPDATE re-checks the row it waited for, so it updates (and sends) nothing.
      UPDATE "LowBalanceAlert" s SET "firedMark" = ${FIRE_MARK}, "firedAt" = (SELECT t FROM clock),
             crossings = s.crossings + 1, "updatedAt" = (SELECT t FROM clock)
      FROM lowbal_hit x
      WHERE s."accountId" = x.account_id AND s."firedMark" IS NOT DISTINCT FROM x.mark
      RETURNING s."accountId" AS account_id, s.crossings AS crossing, s."thresholdPt" AS threshold,
                x.available),
    lowbal_to AS (
      -- Who is told: the user owning the account (a team account would add its owners here).
      SELECT f.*, u.id AS user_id, u.email, u.name, (SELECT t FROM clock) AS at,
             'lowbal:' || f.account_id::text || ':' || f.crossing::text AS key
      FROM lowbal_fire f JOIN acct ON acct.id = f.account_id
      JOIN "User" u ON acct.type = 'user' AND u.id::text = acct."ownerId" AND u.status <> 'deleted'),
    lowbal_mail AS (${emailOutboxSql(
      "low-balance",
      Prisma.sql`SELECT email AS to_address, user_id, key AS dedupe_key, at,
        jsonb_build_object('availablePt', available::text, 'thresholdPt', threshold::text,
          'ptPerUsd', ${perUsd}::text, 'url', ${billing}::text, 'settingsUrl', ${settings}::text,
          'name', name) AS data
        FROM lowbal_to`,
    )}),
    lowbal_notice AS (${notificationsSql(
      Prisma.sql`SELECT user_id, 'low_balance' AS kind, key AS dedupe_key, at, '/billing'::text AS link,
        'Your PT balance is low' AS title,
        ${grouped("available")} || ' PT available, below your alert at ' || ${grouped("threshold")}
          || ' PT. Top up to keep chatting.' AS body
        FROM lowbal_to`,
    )}),
    lowbal_event AS (${webhookEventsSql(
      "balance.low",
      Prisma.sql`SELECT key, user_id, at,
        jsonb_build_object('accountId', account_id::text, 'userId', user_id::text,
          'availablePt', available::text, 'thresholdPt', threshold::text, 'crossing', crossing) AS data
        FROM lowbal_to`,
    )})`;
}
