// Reserve → settle / release on real Postgres and PGlite: exact balances, grant draw order,
// idempotency per key, and typed errors for bad input with nothing written.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Prisma } from "@/lib/generated/prisma/client";
import { getBalance } from "@/lib/ledger/accounts";
import { grantCredits } from "@/lib/ledger/grants";
import { release, reserve, sweepExpiredHolds } from "@/lib/ledger/holds";
import { checkLedgerInvariants } from "@/lib/ledger/invariants";
import { settle } from "@/lib/ledger/settle";
import { createTestDatabase, type TestDatabase, testBackends } from "@/tests/helpers/db";
import { countRows, expectNoViolations, newUser } from "@/tests/ledger/helpers";

describe.each(testBackends())("holds on %s", (backend) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase(backend);
  });
  afterAll(async () => {
    await db?.cleanup();
  });

  it("runs the caller's writes in the settlement's statement: committed with it, rolled back with it", async () => {
    const p = db.prisma;
    const user = newUser();
    await grantCredits(p, { account: user, amount: 500n, source: "purchase", key: `buy:${randomUUID()}` });
    const ownerKey = `alongside:${randomUUID()}`;
    // A write that records what this statement charged (the row's slot), readable from `settled`.
    const record = (slotOffset: number) =>
      Prisma.sql`INSERT INTO "ChatStreamSlot" ("ownerKey", slot, "messageId", "expiresAt")
        SELECT ${ownerKey}, charged::int + ${slotOffset}::int, ${randomUUID()}::uuid, now() FROM settled`;
    const slots = () => p.chatStreamSlot.findMany({ where: { ownerKey }, orderBy: { slot: "asc" } });

    // A failing write rolls the settlement back: nothing posted, the hold still open.
    const first = await reserve(p, { account: user, amount: 100n, key: `m:${randomUUID()}`, ttlSeconds: 60 });
    const failing = Prisma.sql`INSERT INTO "ChatStreamSlot" ("ownerKey", slot, "messageId", "expiresAt")
      VALUES (${ownerKey}, 1, ${randomUUID()}::uuid, now()), (${ownerKey}, 1, ${randomUUID()}::uuid, now())`;
    await expect(
      settle(p, { holdId: first.holdId, actual: 40n, alongside: Prisma.sql`w AS (${failing})` }),
    ).rejects.toThrow();
    expect(await getBalance(p, user)).toMatchObject({ posted: 500n, pending: 100n });
    expect(await slots()).toEqual([]);

    // Committed with it, seeing what it charged; a repeat settles nothing, so `settled` is empty.
    const done = await settle(p, {
      holdId: first.holdId,
      actual: 40n,
      alongside: Prisma.sql`w AS (${record(0)})`,
    });
    expect(done).toMatchObject({ charged: 40n, created: true });
    const again = await settle(p, {
      holdId: first.holdId,
      actual: 40n,
      alongside: Prisma.sql`w AS (${record(1000)})`,
    });
    expect(again).toMatchObject({ charged: 40n, created: false });
    expect((await slots()).map((s) => s.slot)).toEqual([40]);
    expect(await getBalance(p, user)).toMatchObject({ posted: 460n, pending: 0n });
    await expectNoViolations(p);
  });

  it("reserves, settles min(actual, amount), releases the rest, and draws grants in priority order", async () => {
    const p = db.prisma;
    const user = newUser();
    await grantCredits(p, { account: user, amount: 300n, source: "purchase", key: `buy:${randomUUID()}` });
    await grantCredits(p, { account: user, amount: 100n, source: "promo", key: `promo:${randomUUID()}` });
    const allowance = await grantCredits(p, {
      account: user,
      amount: 50n,
      source: "allowance",
      key: `allow:${randomUUID()}`,
      expiresAt: new Date(Date.now() + 86_400_000),
    });
    expect((await getBalance(p, user)).available).toBe(450n);

    const hold = await reserve(p, {
      account: user,
      amount: 200n,
      key: `msg:${randomUUID()}`,
      ttlSeconds: 60,
    });
    expect(hold.created).toBe(true);
    let balance = await getBalance(p, user);
    expect([balance.posted, balance.pending, balance.available]).toEqual([450n, 200n, 250n]);

    const settled = await settle(p, { holdId: hold.holdId, actual: 120n, metadata: { model: "demo" } });
    expect(settled).toMatchObject({ charged: 120n, released: 80n, available: 330n, created: true });
    balance = await getBalance(p, user);
    expect([balance.posted, balance.pending, balance.available]).toEqual([330n, 0n, 330n]);
    // allowance (50) first, then promo (70 of 100); purchase untouched.
    expect(balance.grants.map((g) => [g.source, g.remaining])).toEqual([
      ["promo", 30n],
      ["purchase", 300n],
    ]);
    const draws = await p.ledgerGrantDraw.findMany({ where: { transactionId: settled.transactionId ?? "" } });
    expect(draws.map((d) => d.amount).sort()).toEqual([50n, 70n]);
    expect(draws.some((d) => d.grantId === allowance.grantId)).toBe(true);

    // Settling again returns the first result and writes nothing.
    const before = await countRows(p);
    const again = await settle(p, { holdId: hold.holdId, actual: 999n });
    expect(again).toMatchObject({ transactionId: settled.transactionId, charged: 120n, created: false });
    expect(await countRows(p)).toEqual(before);
    await expectNoViolations(p);
  });

  it("caps the charge at the hold, releases holds once, and refuses settling a released hold", async () => {
    const p = db.prisma;
    const user = newUser();
    await grantCredits(p, { account: user, amount: 100n, source: "purchase", key: randomUUID() });
    const a = await reserve(p, { account: user, amount: 40n, key: randomUUID(), ttlSeconds: 60 });
    expect((await settle(p, { holdId: a.holdId, actual: 500n })).charged).toBe(40n);

    const b = await reserve(p, { account: user, amount: 30n, key: randomUUID(), ttlSeconds: 60 });
    expect(await release(p, { holdId: b.holdId })).toEqual({ released: 30n, created: true });
    expect(await release(p, { holdId: b.holdId })).toEqual({ released: 30n, created: false });
    await expect(settle(p, { holdId: b.holdId, actual: 1n })).rejects.toMatchObject({ code: "conflict" });
    await expect(release(p, { holdId: a.holdId })).rejects.toMatchObject({ code: "conflict" });
    expect((await getBalance(p, user)).available).toBe(60n);
    await expectNoViolations(p);
  });

  it("settles a charge of 0 PT without a ledger transaction, once, and the books stay exact", async () => {
    const p = db.prisma;
    const user = newUser();
    await grantCredits(p, { account: user, amount: 100n, source: "purchase", key: randomUUID() });
    const hold = await reserve(p, { account: user, amount: 25n, key: randomUUID(), ttlSeconds: 60 });
    const before = await countRows(p);
    // An aborted demo reply of 24 input + 2 output tokens costs 0.48 PT, which rounds to 0.
    const settled = await settle(p, { holdId: hold.holdId, actual: 0n, metadata: { model: "demo" } });
    expect(settled).toMatchObject({ transactionId: null, charged: 0n, released: 25n, created: true });
    expect(await countRows(p)).toEqual(before);
    const row = await p.ledgerHold.findUniqueOrThrow({ where: { id: hold.holdId } });
    expect(row).toMatchObject({ status: "settled", charged: 0n, transactionId: null });
    expect(await getBalance(p, user)).toMatchObject({ posted: 100n, pending: 0n, available: 100n });
    // A repeat answers the first result and writes nothing.
    const again = await settle(p, { holdId: hold.holdId, actual: 3n });
    expect(again).toMatchObject({ transactionId: null, charged: 0n, released: 25n, created: false });
    expect(await countRows(p)).toEqual(before);
    await expectNoViolations(p);
  });

  it("reports a ledger transaction that has no entries", async () => {
    const p = db.prisma;
    const id = randomUUID();
    const rollback = new Error("rollback");
    let seen: Awaited<ReturnType<typeof checkLedgerInvariants>> = [];
    // The ledger is append-only: the empty transaction is looked at inside a rolled-back transaction.
    await expect(
      p.$transaction(async (tx) => {
        await tx.$executeRaw`INSERT INTO "LedgerTransaction" (id, kind, "idempotencyKey")
          VALUES (${id}::uuid, 'usage', ${`empty:${id}`})`;
        seen = await checkLedgerInvariants(tx);
        throw rollback;
      }),
    ).rejects.toBe(rollback);
    expect(seen).toContainEqual(
      expect.objectContaining({
        kind: "transaction_without_entries",
        severity: "error",
        refs: { transactionId: id },
      }),
    );
    await expectNoViolations(p);
  });

  it("is idempotent on the reserve key and refuses the key with other terms", async () => {
    const p = db.prisma;
    const user = newUser();
    await grantCredits(p, { account: user, amount: 100n, source: "purchase", key: randomUUID() });
    const key = `msg:${randomUUID()}`;
    const first = await reserve(p, { account: user, amount: 60n, key, ttlSeconds: 60 });
    const second = await reserve(p, { account: user, amount: 60n, key, ttlSeconds: 60 });
    expect(second).toEqual({ ...first, created: false });
    expect((await getBalance(p, user)).pending).toBe(60n);
    await expect(reserve(p, { account: user, amount: 61n, key, ttlSeconds: 60 })).rejects.toMatchObject({
      code: "idempotency_conflict",
    });
    // Concurrent duplicates: one hold, pending bumped once.
    const dupKey = `msg:${randomUUID()}`;
    const results = await Promise.all(
      Array.from({ length: 8 }, () =>
        reserve(p, { account: user, amount: 10n, key: dupKey, ttlSeconds: 60 }),
      ),
    );
    expect(new Set(results.map((r) => r.holdId)).size).toBe(1);
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect((await getBalance(p, user)).pending).toBe(70n);
    await expectNoViolations(p);
  });

  it("answers pt_exhausted with needed and available", async () => {
    const p = db.prisma;
    const user = newUser();
    await grantCredits(p, { account: user, amount: 25n, source: "purchase", key: randomUUID() });
    const error = await reserve(p, { account: user, amount: 26n, key: randomUUID(), ttlSeconds: 60 }).catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ code: "pt_exhausted", details: { needed: 26n, available: 25n } });
    await expect(
      reserve(p, { account: newUser(), amount: 1n, key: randomUUID(), ttlSeconds: 60 }),
    ).rejects.toMatchObject({ code: "pt_exhausted", details: { available: 0n } });
  });

  it("refuses bad input with typed errors and writes nothing", async () => {
    const p = db.prisma;
    const user = newUser();
    await grantCredits(p, { account: user, amount: 100n, source: "purchase", key: randomUUID() });
    const hold = await reserve(p, { account: user, amount: 10n, key: randomUUID(), ttlSeconds: 60 });
    const before = await countRows(p);
    const bad: [string, () => Promise<unknown>][] = [
      ["zero reserve", () => reserve(p, { account: user, amount: 0n, key: randomUUID(), ttlSeconds: 60 })],
      [
        "negative reserve",
        () => reserve(p, { account: user, amount: -5n, key: randomUUID(), ttlSeconds: 60 }),
      ],
      [
        "float reserve",
        () => reserve(p, { account: user, amount: 1.5 as never, key: randomUUID(), ttlSeconds: 60 }),
      ],
      [
        "number reserve",
        () => reserve(p, { account: user, amount: 2 as never, key: randomUUID(), ttlSeconds: 60 }),
      ],
      ["bad ttl", () => reserve(p, { account: user, amount: 1n, key: randomUUID(), ttlSeconds: 0 })],
      ["empty key", () => reserve(p, { account: user, amount: 1n, key: "", ttlSeconds: 60 })],
      [
        "zero grant",
        () => grantCredits(p, { account: user, amount: 0n, source: "promo", key: randomUUID() }),
      ],
      [
        "negative grant",
        () => grantCredits(p, { account: user, amount: -1n, source: "promo", key: randomUUID() }),
      ],
      [
        "string grant",
        () => grantCredits(p, { account: user, amount: "5" as never, source: "promo", key: randomUUID() }),
      ],
      ["negative settle", () => settle(p, { holdId: hold.holdId, actual: -1n })],
      ["float settle", () => settle(p, { holdId: hold.holdId, actual: 0.5 as never })],
    ];
    for (const [name, call] of bad) {
      await expect(call(), name).rejects.toMatchObject({ code: "bad_request" });
    }
    await expect(settle(p, { holdId: randomUUID(), actual: 1n })).rejects.toMatchObject({
      code: "not_found",
    });
    await expect(settle(p, { holdId: "nope", actual: 1n })).rejects.toMatchObject({ code: "not_found" });
    await expect(release(p, { holdId: randomUUID() })).rejects.toMatchObject({ code: "not_found" });
    expect(await countRows(p)).toEqual(before);
    expect((await getBalance(p, user)).pending).toBe(10n);
  });

  it("sweeps holds past their expiry and only those", async () => {
    const p = db.prisma;
    const user = newUser();
    await grantCredits(p, { account: user, amount: 100n, source: "purchase", key: randomUUID() });
    const t0 = new Date("2030-01-01T00:00:00Z");
    await reserve(p, { account: user, amount: 10n, key: randomUUID(), ttlSeconds: 60, now: t0 });
    await reserve(p, { account: user, amount: 20n, key: randomUUID(), ttlSeconds: 600, now: t0 });
    const t1 = new Date(t0.getTime() + 61_000);
    expect((await sweepExpiredHolds(p, { now: t1 })).released).toBeGreaterThanOrEqual(1);
    expect((await getBalance(p, user)).pending).toBe(20n);
    await expectNoViolations(p, t1);
  });
});
