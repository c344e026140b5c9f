// Low-balance alerts, detected by the settlement that leaves available PT below the account's
// threshold: the CTEs below run inside the ledger's settle statement (lib/ledger/settle.ts), so the
// crossing, its email, in-app notice and balance.low outbox rows commit or roll back with the
// charge. Once per crossing (lib/ledger/crossing.ts): of many settles racing below the threshold
// only the one whose conditional UPDATE of the LowBalanceAlert row wins sends anything, and a credit
// that brings the balance back to the threshold re-arms it. A team's pool alerts the same way: its
// owners and admins (mail and notice, each), its billing email, and the operator's balance.low.
import { appUrl } from "@/lib/app-url";
import { emailOutboxSql } from "@/lib/email/outbox-sql";
import { Prisma } from "@/lib/generated/prisma/client";
import { AVAILABLE_AFTER, armedSql, FIRE_MARK } from "@/lib/ledger/crossing";
import { ptPerUsd } from "@/lib/money/pt";
import { notificationsSql } from "@/lib/notifications";
import { can, TEAM_ROLES } from "@/lib/teams/permissions";
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
  const teams = appUrl("/teams/");
  const perUsd = ptPerUsd().toString();
  const billingRoles = Prisma.join(TEAM_ROLES.filter((r) => can(r, "billing")));
  // The mail's data for a row of lowbal_to or lowbal_team: a team's links go to its billing page.
  const mailData = (name: string) => Prisma.sql`jsonb_build_object('availablePt', available::text,
    'thresholdPt', threshold::text, 'ptPerUsd', ${perUsd}::text,
    'url', CASE WHEN team_id IS NULL THEN ${billing}::text ELSE ${teams}::text || team_id::text || '/billing' END,
    'settingsUrl', CASE WHEN team_id IS NULL THEN ${settings}::text
      ELSE ${teams}::text || team_id::text || '/billing#low-balance' END,
    'teamName', team_name, 'name', ${Prisma.raw(name)})`;
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
    lowbal_team AS (
      -- A team's pool: the crossing names the team (its billing page holds the alert).
      SELECT f.*, tm.id AS team_id, tm.name AS team_name, tm."billingEmail" AS billing_email,
             (SELECT t FROM clock) AS at, 'lowbal:' || f.account_id::text || ':' || f.crossing::text AS key
      FROM lowbal_fire f JOIN acct ON acct.id = f.account_id AND acct.type = 'team'
      JOIN "Team" tm ON tm.id::text = acct."ownerId"),
    lowbal_to AS (
      -- Who is told in the app and by mail: the user owning a personal account; for a team's pool,
      -- its members who hold the billing permission (one row each, keyed per member).
      SELECT f.*, u.id AS user_id, u.email, u.name, (SELECT t FROM clock) AS at,
             'lowbal:' || f.account_id::text || ':' || f.crossing::text AS key,
             NULL::uuid AS team_id, NULL::text AS team_name
      FROM lowbal_fire f JOIN acct ON acct.id = f.account_id
      JOIN "User" u ON acct.type = 'user' AND u.id::text = acct."ownerId" AND u.status <> 'deleted'
      UNION ALL
      SELECT x.account_id, x.crossing, x.threshold, x.available, u.id, u.email, u.name, x.at,
             x.key || ':' || u.id::text, x.team_id, x.team_name
      FROM lowbal_team x JOIN "TeamMember" m ON m."teamId" = x.team_id AND m.role::text IN (${billingRoles})
      JOIN "User" u ON u.id = m."userId" AND u.status <> 'deleted'),
    lowbal_mail AS (${emailOutboxSql(
      "low-balance",
      Prisma.sql`SELECT email AS to_address, user_id, key AS dedupe_key, at, ${mailData("name")} AS data
        FROM lowbal_to`,
    )}),
    lowbal_billing_mail AS (${emailOutboxSql(
      "low-balance",
      // The team's billing email, unless it is one of the members above: an address with no user
      // behind it cannot unsubscribe, so it is sent as account mail (like the team's auto top-up).
      Prisma.sql`SELECT billing_email AS to_address, NULL::uuid AS user_id, key || ':billing' AS dedupe_key,
        at, ${mailData("NULL::text")} AS data
        FROM lowbal_team x WHERE billing_email IS NOT NULL AND NOT EXISTS (
          SELECT 1 FROM lowbal_to y WHERE y.team_id = x.team_id AND lower(y.email) = lower(x.billing_email))`,
      { category: "account" },
    )}),
    lowbal_notice AS (${notificationsSql(
      Prisma.sql`SELECT user_id, 'low_balance' AS kind, key AS dedupe_key, at,
        CASE WHEN team_id IS NULL THEN '/billing'::text ELSE '/teams/' || team_id::text || '/billing' END AS link,
        CASE WHEN team_id IS NULL THEN 'Your PT balance is low'
          ELSE 'The ' || team_name || ' pool is low' END AS title,
        CASE WHEN team_id IS NULL THEN
          ${grouped("available")} || ' PT available, below your alert at ' || ${grouped("threshold")}
            || ' PT. Top up to keep chatting.'
        ELSE ${grouped("available")} || ' PT left in the team pool, below its alert at '
          || ${grouped("threshold")} || ' PT. Top up the pool to keep the team chatting.' END AS body
        FROM lowbal_to`,
    )}),
    lowbal_event AS (${webhookEventsSql(
      "balance.low",
      // A personal account's event also goes to its user's endpoints; a team's to the operator's
      // (endpoints belong to users or the operator: there are no team-owned endpoints).
      Prisma.sql`SELECT key, user_id, at,
        jsonb_build_object('accountId', account_id::text, 'userId', user_id::text,
          'availablePt', available::text, 'thresholdPt', threshold::text, 'crossing', crossing) AS data
        FROM lowbal_to WHERE team_id IS NULL
        UNION ALL
        SELECT key, NULL::uuid, at,
        jsonb_build_object('accountId', account_id::text, 'teamId', team_id::text,
          'availablePt', available::text, 'thresholdPt', threshold::text, 'crossing', crossing)
        FROM lowbal_team`,
    )})`;
}
