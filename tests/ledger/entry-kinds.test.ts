// The statement names every kind of entry distinctly: an admin's adjustment (either way), a money
// refund's clawback and an approved dispute's credit were all shown as "refund".
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adjustPt } from "@/lib/admin/user-actions";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { clawback, refundCredit } from "@/lib/ledger/clawback";
import { entryKind, entryKindLabel } from "@/lib/ledger/entry-kind";
import { grantCredits } from "@/lib/ledger/grants";
import { listEntries, statementCsv } from "@/lib/ledger/history";
import { createUser } from "@/tests/chat/helpers";
import { createTestDatabase, type TestDatabase } from "@/tests/helpers/db";

describe("statement entry kinds", () => {
  let db: TestDatabase;
  let p: PrismaClient;
  let userId: string;
  let adminId: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    p = db.prisma;
    userId = await createUser(p, {});
    adminId = await createUser(p, {});
  });
  afterAll(async () => {
    await db?.cleanup();
  });

  it("tells allowance, purchase, adjustments, refund, dispute credit and chargeback apart", async () => {
    const account = { kind: "user" as const, userId };
    await grantCredits(p, { account, amount: 50_000n, source: "allowance", key: randomUUID() });
    await grantCredits(p, {
      account,
      amount: 10_000n,
      source: "purchase",
      kind: "purchase",
      key: randomUUID(),
    });
    await adjustPt(p, { userId: adminId }, { userId, amount: 500n, reason: "goodwill", key: randomUUID() });
    await adjustPt(p, { userId: adminId }, { userId, amount: -200n, reason: "mistake", key: randomUUID() });
    await clawback(p, {
      account,
      amount: 1_000n,
      kind: "refund",
      key: randomUUID(),
      metadata: { chargeId: "ch_1" },
    });
    await refundCredit(p, {
      account,
      amount: 70n,
      key: randomUUID(),
      actor: adminId,
      metadata: { disputeId: randomUUID() },
    });
    await clawback(p, {
      account,
      amount: 300n,
      kind: "chargeback",
      key: randomUUID(),
      metadata: { disputeId: "dp_1" },
    });

    const { items } = await listEntries(p, { account });
    expect(items.map((i) => [i.kind, i.amount.toString()]).reverse()).toEqual([
      ["plan_allowance", "50000"],
      ["purchase", "10000"],
      ["adjustment", "500"],
      ["adjustment", "-200"],
      ["refund", "-1000"],
      ["dispute_credit", "70"],
      ["chargeback", "-300"],
    ]);
    expect(items.map((i) => entryKindLabel(i.kind)).reverse()).toEqual([
      "Plan allowance",
      "Purchase",
      "Adjustment",
      "Adjustment",
      "Refund",
      "Dispute credit",
      "Chargeback",
    ]);
    const csv = await statementCsv(p, account);
    expect(csv).toContain(",dispute_credit,70,");
    expect(csv).toContain(",plan_allowance,50000,");
  });

  it("maps the rest of the ledger's kinds", () => {
    const base = { amount: -1n, source: null, adjustment: false, disputeId: null };
    expect(entryKind({ ...base, ledgerKind: "usage" })).toBe("usage");
    expect(entryKind({ ...base, ledgerKind: "expiry" })).toBe("expiry");
    expect(entryKind({ ...base, ledgerKind: "transfer" })).toBe("transfer");
    expect(entryKind({ ...base, ledgerKind: "grant", source: "trial", amount: 5n })).toBe("trial");
    expect(entryKind({ ...base, ledgerKind: "chargeback", amount: 300n })).toBe("chargeback_reversal");
  });
});
