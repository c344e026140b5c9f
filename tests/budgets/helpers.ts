// Shared fixtures of the budget tests: a user with PT, charges through the real reserve → settle
// path, and readers of what a budget alert writes (its row, mail, notice and webhook rows).
import { randomUUID } from "node:crypto";
import { expect } from "vitest";
import type { Db } from "@/lib/db";
import { grantCredits } from "@/lib/ledger/grants";
import { reserve } from "@/lib/ledger/holds";
import { checkLedgerInvariants } from "@/lib/ledger/invariants";
import { settle } from "@/lib/ledger/settle";
import { acceptCurrentLegal } from "@/tests/helpers/legal";

export type UserAccount = { kind: "user"; userId: string };

export async function newUserWithPt(db: Db, pt = 1_000_000n): Promise<UserAccount> {
  const userId = randomUUID();
  await db.user.create({
    data: { id: userId, email: `${userId}@test.local`, name: "Ada", emailVerifiedAt: new Date() },
  });
  // Chat and /v1 ask an account that has not accepted the legal documents in force (lib/legal).
  await acceptCurrentLegal(db as Parameters<typeof acceptCurrentLegal>[0], userId);
  const account = { kind: "user" as const, userId };
  await grantCredits(db, { account, amount: pt, source: "purchase", key: `buy:${randomUUID()}` });
  return account;
}

/** One metered charge: a hold of `hold` (default: the charge) settled for `pt`. */
export async function charge(
  db: Db,
  account: UserAccount,
  pt: bigint,
  options: { hold?: bigint; now?: Date } = {},
): Promise<void> {
  const held = await reserve(db, {
    account,
    amount: options.hold ?? pt,
    key: `t:${randomUUID()}`,
    ttlSeconds: 600,
    now: options.now,
  });
  await settle(db, { holdId: held.holdId, actual: pt, metadata: { model: "demo" }, now: options.now });
}

export async function alertRows(db: Db, userId: string) {
  const account = await db.ledgerAccount.findFirst({ where: { type: "user", ownerId: userId } });
  const [alerts, mails, notices, deliveries] = await Promise.all([
    db.budgetAlert.findMany({
      where: { accountId: account?.id ?? randomUUID() },
      orderBy: [{ month: "asc" }, { threshold: "asc" }],
    }),
    db.emailOutbox.findMany({ where: { userId, template: "budget-alert" }, orderBy: { dedupeKey: "asc" } }),
    db.notification.findMany({ where: { userId, kind: "budget_alert" }, orderBy: { dedupeKey: "asc" } }),
    db.webhookDelivery.findMany({
      where: { eventType: "usage.threshold_crossed", payload: { path: ["data", "userId"], equals: userId } },
      orderBy: { eventId: "asc" },
    }),
  ]);
  return { alerts, mails, notices, deliveries };
}

/** The account's month counter equals its usage debits of that month; the ledger's invariants hold. */
export async function expectMonthCounterExact(db: Db, userId: string): Promise<bigint> {
  const [row] = await db.$queryRaw<{ counter: bigint; month: string | null; entries: bigint }[]>`
    SELECT a."monthSpentPt" AS counter, a."monthKey" AS month,
      coalesce((SELECT -sum(e.amount) FROM "LedgerEntry" e JOIN "LedgerTransaction" t ON t.id = e."transactionId"
        WHERE e."accountId" = a.id AND t.kind = 'usage'
          AND to_char(t."createdAt" AT TIME ZONE 'UTC', 'YYYY-MM') = a."monthKey"), 0)::bigint AS entries
    FROM "LedgerAccount" a WHERE a.type = 'user' AND a."ownerId" = ${userId}`;
  expect(row?.counter).toBe(row?.entries);
  expect((await checkLedgerInvariants(db)).filter((v) => v.severity === "error")).toEqual([]);
  return row?.counter ?? 0n;
}
