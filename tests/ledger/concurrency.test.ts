// Many parallel reserves on one account: exactly as many succeed as the balance covers, pending is
// exact, nothing goes negative; then half settle and half release to exact balances.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPrismaClientForUrl } from "@/lib/db";
import { getBalance } from "@/lib/ledger/accounts";
import { grantCredits } from "@/lib/ledger/grants";
import { release, reserve } from "@/lib/ledger/holds";
import { settle } from "@/lib/ledger/settle";
import { createTestDatabase, type TestDatabase, testBackends } from "@/tests/helpers/db";
import { expectNoViolations, newUser } from "@/tests/ledger/helpers";

describe.each(testBackends())("concurrent holds on %s", (backend) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase(backend);
  });
  afterAll(async () => {
    await db?.cleanup();
  });

  it("200 parallel reserves of 10 PT against 500 PT: exactly 50 succeed", async () => {
    const p = db.prisma;
    // On Postgres, a pool of 20 connections so the calls really run in parallel.
    const client = db.url ? createPrismaClientForUrl(`${db.url}?connection_limit=20`) : p;
    try {
      const user = newUser();
      await grantCredits(p, { account: user, amount: 500n, source: "purchase", key: randomUUID() });
      const outcomes = await Promise.allSettled(
        Array.from({ length: 200 }, (_, i) =>
          reserve(client, { account: user, amount: 10n, key: `c:${i}:${randomUUID()}`, ttlSeconds: 300 }),
        ),
      );
      const won = outcomes.filter((o) => o.status === "fulfilled").map((o) => o.value);
      const lost = outcomes.filter((o) => o.status === "rejected").map((o) => o.reason as { code?: string });
      expect(won).toHaveLength(50);
      expect(lost.every((e) => e.code === "pt_exhausted")).toBe(true);
      let balance = await getBalance(p, user);
      expect([balance.posted, balance.pending, balance.available]).toEqual([500n, 500n, 0n]);
      await expectNoViolations(p);

      const toSettle = won.slice(0, 25);
      const toRelease = won.slice(25);
      await Promise.all([
        ...toSettle.map((h, i) => settle(client, { holdId: h.holdId, actual: BigInt(i % 2 === 0 ? 10 : 7) })),
        ...toRelease.map((h) => release(client, { holdId: h.holdId })),
      ]);
      // 13 holds charged 10, 12 charged 7 → 214 PT used.
      balance = await getBalance(p, user);
      expect([balance.posted, balance.pending, balance.available]).toEqual([286n, 0n, 286n]);
      await expectNoViolations(p);
    } finally {
      if (client !== p) await client.$disconnect();
    }
  });

  it("20 parallel settles of holds whose charge rounds to 0 (and of one hold, repeated): no transaction", async () => {
    const p = db.prisma;
    const client = db.url ? createPrismaClientForUrl(`${db.url}?connection_limit=20`) : p;
    try {
      const user = newUser();
      await grantCredits(p, { account: user, amount: 100n, source: "purchase", key: randomUUID() });
      const holds = await Promise.all(
        Array.from({ length: 10 }, () =>
          reserve(p, { account: user, amount: 5n, key: `z:${randomUUID()}`, ttlSeconds: 300 }),
        ),
      );
      const txBefore = await p.ledgerTransaction.count();
      const [first] = holds;
      const results = await Promise.all([
        ...holds.map((h) => settle(client, { holdId: h.holdId, actual: 0n })),
        ...Array.from({ length: 10 }, () => settle(client, { holdId: first?.holdId ?? "", actual: 0n })),
      ]);
      expect(results.every((r) => r.charged === 0n && r.transactionId === null && r.released === 5n)).toBe(
        true,
      );
      // Each hold is settled by exactly one call; the repeats answer its result.
      expect(results.filter((r) => r.created)).toHaveLength(10);
      expect(await p.ledgerTransaction.count()).toBe(txBefore);
      const balance = await getBalance(p, user);
      expect([balance.posted, balance.pending, balance.available]).toEqual([100n, 0n, 100n]);
      await expectNoViolations(p);
    } finally {
      if (client !== p) await client.$disconnect();
    }
  });
});
