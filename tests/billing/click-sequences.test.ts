// Property: any sequence of purchases and plan changes, each clicked 1–4 times at once, charges and
// grants exactly what one click of each would (a model of the catalog), through the real routes in
// test mode, with the ledger's invariants holding after every step. Plan changes repeat within a
// second here, which is what a key derived from the subscription's version alone got wrong.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { resetRateLimiterForTests } from "@/lib/ratelimit/limiter";
import { setupTestModeRoutes } from "@/tests/billing/route-driver";

const { signIn, moneyOf, expectLedgerSound } = setupTestModeRoutes();

type Action = "pack" | "pro" | "max";
const PRICE = { pro: 2000n, max: 10_000n } as const;
const ALLOWANCE = { pro: 1_000_000n, max: 5_000_000n } as const;

type Model = { plan: "free" | "pro" | "max"; payments: [string, bigint][]; grants: [string, bigint][] };

function expected(model: Model) {
  const byAmount = (a: [string, bigint], b: [string, bigint]) => Number(a[1] - b[1]);
  const text = ([label, amount]: [string, bigint]) => `${label} ${amount}`;
  return {
    payments: [...model.payments].sort(byAmount).map(text),
    grants: [...model.grants].sort(byAmount).map(text),
    subscriptions: model.plan === "free" ? 0 : 1,
    plan: model.plan,
    available: model.grants.reduce((sum, [, amount]) => sum + amount, 0n),
  };
}

const times = <T>(n: number, fn: () => Promise<T>) => Promise.all(Array.from({ length: n }, fn));

describe("click sequences (property)", () => {
  it("each step takes effect once, however many clicks it got", { timeout: 240_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.constantFrom<Action>("pack", "pro", "max"), fc.integer({ min: 1, max: 4 })), {
          minLength: 1,
          maxLength: 5,
        }),
        async (steps) => {
          const me = await signIn();
          const model: Model = { plan: "free", payments: [], grants: [] };
          for (const [action, clicks] of steps) {
            resetRateLimiterForTests();
            if (action === "pack" || model.plan === "free") {
              const choice: Record<string, string> =
                action === "pack" ? { packId: "small" } : { planId: action };
              const opened = await times(clicks, () => me.startCheckout(choice));
              expect(new Set(opened.map((o) => `${o.status} ${o.body.url}`)).size).toBe(1);
              const sessionId = String(opened[0]?.body.url).split("/").pop() ?? "";
              const paid = await times(clicks, () => me.pay(sessionId));
              expect(paid.filter((r) => r.status === 200)).toHaveLength(1);
              if (action === "pack") {
                model.payments.push(["topup", 500n]);
                model.grants.push(["purchase", 250_000n]);
              } else {
                model.plan = action;
                model.payments.push(["subscription", PRICE[action]]);
                model.grants.push(["allowance", ALLOWANCE[action]]);
              }
            } else {
              const results = await times(clicks, () => me.startCheckout({ planId: action }));
              const switched = results.filter((r) => r.status === 200);
              expect(results.filter((r) => r.status !== 200 && r.status !== 409)).toEqual([]);
              expect(switched).toHaveLength(model.plan === action ? 0 : 1);
              if (model.plan === "pro" && action === "max") {
                model.payments.push(["subscription", PRICE.max - PRICE.pro]);
                model.grants.push(["allowance", ALLOWANCE.max - ALLOWANCE.pro]);
              }
              model.plan = action;
            }
            expect(await moneyOf(me.userId)).toEqual(expected(model));
          }
          await expectLedgerSound();
        },
      ),
      { numRuns: 6 },
    );
  });
});
