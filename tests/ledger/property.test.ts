// Property-based (fast-check): random sequences of grant / reserve / settle / release / expire /
// sweep / clock advances / duplicate-key retries on two accounts, with a controllable clock.
// After every step: no invariant violation, and posted/pending equal a simple model, and every
// key took effect once (a retry returns the first result and changes nothing).
import { randomUUID } from "node:crypto";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getBalance } from "@/lib/ledger/accounts";
import { min } from "@/lib/ledger/common";
import { expireGrants, grantCredits } from "@/lib/ledger/grants";
import { release, reserve, sweepExpiredHolds } from "@/lib/ledger/holds";
import { checkLedgerInvariants } from "@/lib/ledger/invariants";
import { settle } from "@/lib/ledger/settle";
import { createTestDatabase, type TestDatabase, testBackends } from "@/tests/helpers/db";
import { newUser } from "@/tests/ledger/helpers";

type Op =
  | {
      t: "grant";
      acct: number;
      amount: number;
      source: "allowance" | "promo" | "purchase";
      ttl: number | null;
    }
  | { t: "reserve"; acct: number; amount: number; ttl: number }
  | { t: "settle"; hold: number; actual: number }
  | { t: "release"; hold: number }
  | { t: "expire" }
  | { t: "sweep" }
  | { t: "advance"; seconds: number }
  | { t: "retry"; index: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({
    t: fc.constant("grant" as const),
    acct: fc.nat(1),
    amount: fc.integer({ min: 1, max: 300 }),
    source: fc.constantFrom("allowance" as const, "promo" as const, "purchase" as const),
    ttl: fc.option(fc.integer({ min: 5, max: 600 }), { nil: null }),
  }),
  fc.record({
    t: fc.constant("reserve" as const),
    acct: fc.nat(1),
    amount: fc.integer({ min: 1, max: 200 }),
    ttl: fc.integer({ min: 5, max: 300 }),
  }),
  fc.record({
    t: fc.constant("settle" as const),
    hold: fc.nat(20),
    actual: fc.integer({ min: 0, max: 250 }),
  }),
  fc.record({ t: fc.constant("release" as const), hold: fc.nat(20) }),
  fc.record({ t: fc.constant("expire" as const) }),
  fc.record({ t: fc.constant("sweep" as const) }),
  fc.record({ t: fc.constant("advance" as const), seconds: fc.integer({ min: 1, max: 400 }) }),
  fc.record({ t: fc.constant("retry" as const), index: fc.nat(40) }),
);

const FAR_FUTURE = new Date("2100-01-01T00:00:00Z");

type ModelHold = {
  id: string;
  acct: number;
  amount: bigint;
  expiresAt: number;
  status: string;
  charged?: bigint;
  tx?: string;
};

describe.each(testBackends())("ledger properties on %s", (backend) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase(backend);
  });
  afterAll(async () => {
    await db?.cleanup();
  });

  it("keeps every invariant after every step of random sequences", async () => {
    const p = db.prisma;
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { minLength: 5, maxLength: 22 }), async (ops) => {
        let clock = Date.parse("2032-01-01T00:00:00Z");
        const accounts = [newUser(), newUser()];
        const posted = [0n, 0n];
        const holds: ModelHold[] = [];
        const done: { op: Op; key: string; result: unknown }[] = [];
        const now = () => new Date(clock);

        const run = async (op: Op, key: string, retry: boolean): Promise<unknown> => {
          switch (op.t) {
            case "grant": {
              const expiresAt = op.ttl === null ? null : new Date(clock + op.ttl * 1000);
              const account = accounts[op.acct] as (typeof accounts)[number];
              const r = await grantCredits(p, {
                account,
                amount: BigInt(op.amount),
                source: op.source,
                expiresAt,
                key,
              });
              expect(r.created).toBe(!retry);
              if (!retry) posted[op.acct] = (posted[op.acct] as bigint) + BigInt(op.amount);
              return { ...r, created: undefined };
            }
            case "reserve": {
              const account = accounts[op.acct] as (typeof accounts)[number];
              const before = await getBalance(p, account, { now: now() });
              const r = await reserve(p, {
                account,
                amount: BigInt(op.amount),
                key,
                ttlSeconds: op.ttl,
                now: now(),
              }).catch((e: { code?: string }) => e);
              if (retry) {
                const first = done.find((d) => d.key === key)?.result as { holdId: string };
                expect(r).toMatchObject({ holdId: first.holdId, created: false });
                return first;
              }
              if (before.available >= BigInt(op.amount)) {
                expect(r).toMatchObject({ created: true });
                const hold = r as { holdId: string };
                holds.push({
                  id: hold.holdId,
                  acct: op.acct,
                  amount: BigInt(op.amount),
                  expiresAt: clock + op.ttl * 1000,
                  status: "open",
                });
              } else {
                expect(r).toMatchObject({ code: "pt_exhausted" });
              }
              return r;
            }
            case "settle": {
              const hold = holds[op.hold % Math.max(holds.length, 1)];
              if (!hold) return null;
              const r = await settle(p, { holdId: hold.id, actual: BigInt(op.actual), now: now() }).catch(
                (e: { code?: string }) => e,
              );
              if (hold.status === "open") {
                const charged = min(BigInt(op.actual), hold.amount);
                expect(r).toMatchObject({ charged, created: true });
                Object.assign(hold, {
                  status: "settled",
                  charged,
                  tx: (r as { transactionId: string }).transactionId,
                });
                posted[hold.acct] = (posted[hold.acct] as bigint) - charged;
              } else if (hold.status === "settled") {
                expect(r).toMatchObject({ charged: hold.charged, transactionId: hold.tx, created: false });
              } else {
                expect(r).toMatchObject({ code: "conflict" });
              }
              return r;
            }
            case "release": {
              const hold = holds[op.hold % Math.max(holds.length, 1)];
              if (!hold) return null;
              const r = await release(p, { holdId: hold.id, now: now() }).catch((e: { code?: string }) => e);
              if (hold.status === "open") {
                expect(r).toEqual({ released: hold.amount, created: true });
                hold.status = "released";
              } else if (hold.status === "settled") expect(r).toMatchObject({ code: "conflict" });
              else expect(r).toEqual({ released: hold.amount, created: false });
              return r;
            }
            case "expire": {
              const r = await expireGrants(p, { now: now() });
              // Which account lost what is not modelled per grant here; totals are checked below.
              const after = await Promise.all(accounts.map((a) => getBalance(p, a, { now: now() })));
              let total = 0n;
              after.forEach((b, i) => {
                total += (posted[i] as bigint) - b.posted;
                posted[i] = b.posted;
              });
              expect(total).toBe(r.pt);
              return r;
            }
            case "sweep": {
              await sweepExpiredHolds(p, { now: now() });
              for (const h of holds) if (h.status === "open" && h.expiresAt <= clock) h.status = "expired";
              return null;
            }
            case "advance":
              clock += op.seconds * 1000;
              return null;
            case "retry":
              return null;
          }
        };

        for (const op of ops) {
          if (op.t === "retry") {
            const retryable = done.filter(
              (d) => d.op.t === "grant" || (d.op.t === "reserve" && "holdId" in (d.result as object)),
            );
            const target = retryable[op.index % Math.max(retryable.length, 1)];
            if (target) await run(target.op, target.key, true);
          } else {
            const key = `${op.t}:${randomUUID()}`;
            done.push({ op, key, result: await run(op, key, false) });
          }
          const violations = await checkLedgerInvariants(p, { now: now() });
          const errors = violations.filter((v) => v.severity === "error");
          expect(errors).toEqual([]);
          for (const [i, account] of accounts.entries()) {
            const b = await getBalance(p, account, { now: now() });
            const pending = holds
              .filter((h) => h.acct === i && h.status === "open")
              .reduce((s, h) => s + h.amount, 0n);
            expect([b.posted, b.pending]).toEqual([posted[i], pending]);
          }
        }
        // Close this run's books so the next run's global expire/sweep totals concern only its own accounts.
        await sweepExpiredHolds(p, { now: FAR_FUTURE });
        await expireGrants(p, { now: FAR_FUTURE });
        expect(await checkLedgerInvariants(p, { now: FAR_FUTURE })).toEqual([]);
      }),
      { numRuns: backend === "postgres" ? 30 : 12, endOnFailure: true },
    );
  }, 300_000);
});
