// Budget alerts, detected by the settlement that reaches them: the CTEs below run inside the
// ledger's settle statement (lib/ledger/settle.ts), after it moved the account's month usage under
// the account row lock (lib/ledger/month-spend.ts). So the month's usage they read is exact, the
// alert row and its email, in-app notice and usage.threshold_crossed outbox rows commit or roll
// back with the charge, and each (account, month, threshold) alerts once: the BudgetAlert unique
// key refuses a second row (ON CONFLICT DO NOTHING) and only a row inserted here sends anything.
// A threshold is reached when usage·100 >= threshold·budget; a budget lowered below the month's
// usage alerts on the next charge for every threshold not yet sent this month.
import { appUrl } from "@/lib/app-url";
import { emailOutboxSql } from "@/lib/email/outbox-sql";
import { Prisma } from "@/lib/generated/prisma/client";
import { CLOCK_MONTH } from "@/lib/ledger/month-spend";
import { ptPerUsd } from "@/lib/money/pt";
import { notificationsSql } from "@/lib/notifications";
import { webhookEventsSql } from "@/lib/webhooks-out/emit-sql";

/** Percent of the monthly budget at which the owner is told, once each per month. */
export const BUDGET_THRESHOLDS = [50, 80, 100] as const;
export const BUDGET_SETTINGS_PATH = "/account/chat#budget";

// PT as "1,234,567" in SQL (bigint fits 19 digits).
const grouped = (x: string) => Prisma.raw(`to_char(${x}, 'FM9,999,999,999,999,999,999')`);

/**
 * The settlement's budget CTEs (each name starts with budget_). They read the settle statement's
 * `clock`, `h` (the settled hold: charged) and `acct` (the account row after the update: id, type,
 * "ownerId", "monthSpentPt"); a repeat or a 0 PT charge reaches nothing.
 */
export function budgetAlertCtes(): Prisma.Sql {
  const link = appUrl(BUDGET_SETTINGS_PATH);
  const perUsd = ptPerUsd().toString();
  return Prisma.sql`,
    budget_hit AS (
      SELECT acct.id AS account_id, ${CLOCK_MONTH} AS month, th.pct AS threshold,
             acct."monthSpentPt" AS spent, b."amountPt" AS budget, b."hardStop" AS hard_stop
      FROM acct JOIN "Budget" b ON b."accountId" = acct.id
      CROSS JOIN (VALUES (50), (80), (100)) AS th(pct)
      WHERE EXISTS (SELECT 1 FROM h WHERE h.charged > 0)
        AND acct."monthSpentPt" * 100 >= th.pct * b."amountPt"
        AND NOT EXISTS (SELECT 1 FROM "BudgetAlert" x
          WHERE x."accountId" = acct.id AND x.month = ${CLOCK_MONTH} AND x.threshold = th.pct)),
    budget_alert AS (
      INSERT INTO "BudgetAlert" (id, "accountId", month, threshold, "spentPt", "budgetPt", "createdAt")
      SELECT gen_random_uuid(), account_id, month, threshold, spent, budget, (SELECT t FROM clock)
      FROM budget_hit
      ON CONFLICT ("accountId", month, threshold) DO NOTHING
      RETURNING "accountId" AS account_id, month, threshold, "spentPt" AS spent, "budgetPt" AS budget),
    budget_to AS (
      -- Who is told: the user owning the account (a team account would add its owners here).
      SELECT ba.*, hit.hard_stop, u.id AS user_id, u.email, u.name, (SELECT t FROM clock) AS at,
             'budget:' || ba.account_id::text || ':' || ba.month || ':' || ba.threshold::text AS key,
             to_char(to_date(ba.month, 'YYYY-MM'), 'FMMonth YYYY') AS month_name
      FROM budget_alert ba
      JOIN budget_hit hit ON hit.account_id = ba.account_id AND hit.threshold = ba.threshold
      JOIN acct ON acct.id = ba.account_id
      JOIN "User" u ON acct.type = 'user' AND u.id::text = acct."ownerId" AND u.status <> 'deleted'),
    budget_mail AS (${emailOutboxSql(
      "budget-alert",
      Prisma.sql`SELECT email AS to_address, user_id, key AS dedupe_key, at,
        jsonb_build_object('threshold', threshold, 'spentPt', spent::text, 'budgetPt', budget::text,
          'month', month, 'hardStop', hard_stop, 'ptPerUsd', ${perUsd}::text, 'url', ${link}::text,
          'name', name) AS data
        FROM budget_to`,
    )}),
    budget_notice AS (${notificationsSql(
      Prisma.sql`SELECT user_id, 'budget_alert' AS kind, key AS dedupe_key, at, ${BUDGET_SETTINGS_PATH}::text AS link,
        CASE WHEN threshold >= 100 THEN 'Monthly budget reached'
             ELSE threshold::text || '% of your monthly budget used' END AS title,
        ${grouped("spent")} || ' PT of your ' || ${grouped("budget")} || ' PT budget used in ' || month_name
          || ' (UTC).' || CASE WHEN threshold >= 100 AND hard_stop
             THEN ' Requests that could go over it are refused until the month ends.' ELSE '' END AS body
        FROM budget_to`,
    )}),
    budget_event AS (${webhookEventsSql(
      "usage.threshold_crossed",
      Prisma.sql`SELECT key, user_id, at,
        jsonb_build_object('accountId', account_id::text, 'userId', user_id::text, 'month', month,
          'threshold', threshold, 'spentPt', spent::text, 'budgetPt', budget::text, 'hardStop', hard_stop) AS data
        FROM budget_to`,
    )})`;
}
