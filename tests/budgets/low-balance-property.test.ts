// Property: for any sequence of charges (some of 0 PT), credits and threshold changes, the
// low-balance alert fires exactly when a model says it should — a charge of more than 0 PT that
// leaves the balance below the threshold while armed; armed again by a credit that brings the
// balance to the threshold, or by saving the threshold — and the ledger invariants hold throughout.
import { randomUUID } from "node:crypto";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setLowBalance } from "@/lib/budgets/low-balance";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { getBalance } from "@/lib/ledger/accounts";
import { grantCredits } from "@/lib/ledger/grants";
import { checkLedgerInvariants } from "@/lib/ledger/invariants";
import { createTestDatabase, type TestDatabase } from "@/tests/helpers/db";
import { charge, newUserWithPt } from "./helpers";

type Op =
  | { t: "charge"; pct: number }
  | { t: "zero" }
  | { t: "credit"; amount: number }
  | { t: "threshold"; value: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  {
    arbitrary: fc.record({ t: fc.constant("charge" as const), pct: fc.integer({ min: 1, max: 100 }) }),
    weight: 4,
  },
  { arbitrary: fc.record({ t: fc.constant("zero" as const) }), weight: 1 },
  {
    arbitrary: fc.record({ t: fc.constant("credit" as const), amount: fc.integer({ min: 1, max: 1_500 }) }),
    weight: 3,
  },
  {
    arbitrary: fc.record({ t: fc.constant("threshold" as const), value: fc.integer({ min: 1, max: 1_500 }) }),
    weight: 1,
  },
);

describe("low-balance alert (property)", () => {
  let db: TestDatabase;
  let p: PrismaClient;
  beforeAll(async () => {
    db = await createTestDatabase();
    p = db.prisma;
  });
  afterAll(async () => db?.cleanup());

  it("fires once per modelled crossing, never otherwise", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 1_500 }),
        fc.array(opArb, { minLength: 1, maxLength: 14 }),
        async (start, ops) => {
          const user = await newUserWithPt(p, 1_000n);
          let threshold = BigInt(start);
          await setLowBalance(p, user, { thresholdPt: threshold });
          let balance = 1_000n;
          let armed = true;
          let fired = 0;
          for (const op of ops) {
            if (op.t === "threshold") {
              threshold = BigInt(op.value);
              await setLowBalance(p, user, { thresholdPt: threshold });
              armed = true;
            } else if (op.t === "credit") {
              const amount = BigInt(op.amount);
              await grantCredits(p, { account: user, amount, source: "purchase", key: `c:${randomUUID()}` });
              balance += amount;
              if (balance >= threshold) armed = true;
            } else {
              const pt = op.t === "zero" ? 0n : (balance * BigInt(op.pct)) / 100n;
              if (balance === 0n) continue;
              await charge(p, user, pt, { hold: pt > 0n ? pt : 1n });
              balance -= pt;
              if (pt > 0n && balance < threshold && armed) {
                fired++;
                armed = false;
              }
            }
          }
          expect((await getBalance(p, user)).posted).toBe(balance);
          const mails = await p.emailOutbox.count({
            where: { userId: user.userId, template: "low-balance" },
          });
          expect(mails).toBe(fired);
          expect(await p.notification.count({ where: { userId: user.userId, kind: "low_balance" } })).toBe(
            fired,
          );
        },
      ),
      { numRuns: 25 },
    );
    expect((await checkLedgerInvariants(p)).filter((v) => v.severity === "error")).toEqual([]);
  });
});
