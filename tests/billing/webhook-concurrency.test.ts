// Many deliveries at once through ingestWebhook: the same invoice.paid events several times and
// different events in parallel, shuffled. Each invoice must grant its allowance exactly once, with
// one Payment and one applied event row, and the ledger invariants must hold afterwards; the
// single-statement effect (invoice-paid-at-once.ts) must leave the ledger exactly as the general
// path (grantCredits) does, debt repayment included, and defer to that path when the plan could
// change.
import { randomBytes } from "node:crypto";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { planProduct } from "@/lib/billing/catalog";
import { invoicePaidAtOnce } from "@/lib/billing/events/invoice-paid-at-once";
import { addMonth, buildEvent, invoiceObject, unix } from "@/lib/billing/test-objects";
import { ENTITLEMENTS } from "@/lib/entitlements";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { ensureAccount } from "@/lib/ledger/accounts";
import { clawback } from "@/lib/ledger/clawback";
import { grantCredits } from "@/lib/ledger/grants";
import { checkLedgerInvariants } from "@/lib/ledger/invariants";
import { createUser, deliver, ledgerSnapshot, useTestModeEnv } from "@/tests/billing/helpers";
import { createTestDatabase, type TestDatabase } from "@/tests/helpers/db";

// Periods around today: the general path's plan recompute reads entitlement at the real clock.
const START = new Date(Date.now() - 86_400_000);
let db: TestDatabase;
let p: PrismaClient;

beforeAll(async () => {
  useTestModeEnv();
  db = await createTestDatabase();
  p = db.prisma;
});
afterAll(() => db.cleanup());

const errors = async () => (await checkLedgerInvariants(p)).filter((v) => v.severity === "error");

/** A renewing subscriber: customer, stored subscription on `plan`, the user's plan and account. */
async function subscriber(tag: string, options: { userPlan?: "free" | "pro" | "max" } = {}) {
  const userId = await createUser(p);
  const customer = `cus_${tag}_${randomBytes(3).toString("hex")}`;
  const subscription = `sub_${customer}`;
  await p.billingCustomer.create({ data: { userId, stripeCustomerId: customer } });
  await p.billingSubscription.create({
    data: {
      id: subscription,
      userId,
      stripeCustomerId: customer,
      plan: "pro",
      status: "active",
      currentPeriodEnd: addMonth(START),
    },
  });
  await p.user.update({ where: { id: userId }, data: { plan: options.userPlan ?? "pro" } });
  await ensureAccount(p, { kind: "user", userId });
  return { userId, customer, subscription };
}

function paidInvoice(s: { customer: string; subscription: string }, id: string, period: number) {
  const pro = planProduct("pro");
  const from = new Date(START.getTime() + period * 31 * 86_400_000);
  const invoice = invoiceObject({
    id,
    customer: s.customer,
    subscription: s.subscription,
    subscriptionMetadata: {},
    lines: [
      {
        priceId: pro.priceId as string,
        amount: Number(pro.amountMinor),
        start: unix(from),
        end: unix(addMonth(from)),
      },
    ],
    billingReason: "subscription_cycle",
    status: "paid",
    currency: "usd",
    created: unix(from),
  });
  return buildEvent("invoice.paid", invoice, unix(from), `evt_${id}`);
}

async function grantsFor(prefix: string) {
  const rows = await p.$queryRaw<{ key: string; n: bigint; pt: bigint }[]>`
    SELECT t."idempotencyKey" AS key, count(g.id) AS n, coalesce(sum(g.amount), 0)::bigint AS pt
    FROM "LedgerTransaction" t LEFT JOIN "LedgerGrant" g ON g."transactionId" = t.id
    WHERE t."idempotencyKey" LIKE ${`allowance:${prefix}%`} GROUP BY t."idempotencyKey"`;
  return new Map(rows.map((r) => [r.key, r]));
}

describe("concurrent webhook deliveries", () => {
  it("the same and different invoice.paid events in parallel: each invoice granted once, every event applied", async () => {
    const tag = `c${randomBytes(4).toString("hex")}`;
    const subs = await Promise.all(Array.from({ length: 6 }, () => subscriber(tag)));
    const events = subs.flatMap((s, u) => [0, 1, 2].map((k) => paidInvoice(s, `in_${tag}_${u}_${k}`, k)));
    // Every event five times, shuffled, all in flight at once.
    const deliveries = events.flatMap((e) => Array.from({ length: 5 }, () => e));
    deliveries.sort(() => Math.random() - 0.5);
    const outcomes = await Promise.all(deliveries.map((e) => deliver(p, e, new Date())));
    expect(outcomes.every((o) => o.status === "applied")).toBe(true);
    expect(outcomes.filter((o) => !o.duplicate)).toHaveLength(events.length);

    const grants = await grantsFor(`in_${tag}_`);
    expect(grants.size).toBe(events.length);
    for (const g of grants.values()) {
      expect(g.n).toBe(1n);
      expect(g.pt).toBe(ENTITLEMENTS.pro.monthlyAllowancePt);
    }
    expect(await p.payment.count({ where: { sourceId: { startsWith: `in_${tag}_` } } })).toBe(events.length);
    expect(
      await p.stripeEvent.count({ where: { id: { startsWith: `evt_in_${tag}_` }, status: "applied" } }),
    ).toBe(events.length);
    for (const s of subs) {
      const account = await p.ledgerAccount.findFirstOrThrow({ where: { ownerId: s.userId } });
      expect(account.posted).toBe(3n * ENTITLEMENTS.pro.monthlyAllowancePt);
      expect((await p.user.findUniqueOrThrow({ where: { id: s.userId } })).plan).toBe("pro");
    }
    expect(await errors()).toEqual([]);
  });

  it("in any interleaving of copies (fast-check), the ledger equals the general path's, debt repaid first", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 0, max: 3 }),
        fc.bigInt({ min: 0n, max: 1_500_000n }),
        async (copies, periods, debt) => {
          const tag = `f${randomBytes(4).toString("hex")}`;
          const viaWebhook = await subscriber(tag);
          const viaLedger = await subscriber(tag);
          for (const s of [viaWebhook, viaLedger]) {
            // Debt: a clawback on an empty account (the next credit repays it first).
            if (debt > 0n) {
              await clawback(p, {
                account: { kind: "user", userId: s.userId },
                amount: debt,
                key: `cb:${s.userId}`,
                kind: "chargeback",
              });
            }
          }
          const ids = Array.from({ length: periods + 1 }, (_, k) => `in_${tag}_${k}`);
          const events = ids.map((id, k) => paidInvoice(viaWebhook, id, k));
          // Invoices in period order (which grant repays the debt depends on it), each one's copies at once.
          for (const e of events)
            await Promise.all(Array.from({ length: copies }, () => deliver(p, e, new Date())));
          for (const [k, id] of ids.entries()) {
            const from = new Date(START.getTime() + k * 31 * 86_400_000);
            await grantCredits(p, {
              account: { kind: "user", userId: viaLedger.userId },
              amount: ENTITLEMENTS.pro.monthlyAllowancePt,
              source: "allowance",
              expiresAt: new Date(unix(addMonth(from)) * 1000),
              key: `allowance:${id}:ledger`,
              actor: "stripe",
            });
          }
          const strip = (snap: unknown) =>
            JSON.parse(
              JSON.stringify(snap)
                .replace(/allowance:in_[a-z0-9]+_(\d)(:ledger)?/g, "allowance:$1")
                .replace(/cb:[0-9a-f-]{36}/g, "cb"),
            );
          expect(strip(await ledgerSnapshot(p, viaWebhook.userId))).toEqual(
            strip(await ledgerSnapshot(p, viaLedger.userId)),
          );
        },
      ),
      { numRuns: 8 },
    );
    expect(await errors()).toEqual([]);
  });

  it("a renewal is decided by the single statement: applied once, then reported as a duplicate", async () => {
    const tag = `o${randomBytes(4).toString("hex")}`;
    const s = await subscriber(tag);
    const event = paidInvoice(s, `in_${tag}_0`, 0);
    const verified = JSON.parse(JSON.stringify(event));
    expect(await invoicePaidAtOnce(p, verified, new Date())).toEqual({
      eventId: event.id,
      status: "applied",
    });
    expect(await invoicePaidAtOnce(p, verified, new Date())).toMatchObject({
      status: "applied",
      duplicate: true,
    });
    expect((await grantsFor(`in_${tag}_`)).get(`allowance:in_${tag}_0`)?.n).toBe(1n);
    // A user whose plan may change: the statement declines and writes nothing.
    const lapsed = await subscriber(tag, { userPlan: "free" });
    const other = JSON.parse(JSON.stringify(paidInvoice(lapsed, `in_${tag}_1`, 0)));
    expect(await invoicePaidAtOnce(p, other, new Date())).toBeNull();
    expect(await p.stripeEvent.count({ where: { id: other.id } })).toBe(0);
    expect(await errors()).toEqual([]);
  });

  it("a payment that may change the plan takes the general path, which recomputes it", async () => {
    const tag = `g${randomBytes(4).toString("hex")}`;
    // Stored subscription on Pro but the user still on Free (e.g. its paid period had lapsed).
    const s = await subscriber(tag, { userPlan: "free" });
    const event = paidInvoice(s, `in_${tag}_0`, 0);
    const outcomes = await Promise.all([0, 1, 2].map(() => deliver(p, event, new Date())));
    expect(outcomes.filter((o) => !o.duplicate)).toHaveLength(1);
    expect((await p.user.findUniqueOrThrow({ where: { id: s.userId } })).plan).toBe("pro");
    expect((await grantsFor(`in_${tag}_`)).get(`allowance:in_${tag}_0`)?.n).toBe(1n);
    expect(await errors()).toEqual([]);
  });

  it("an invoice whose allowance key was already used is left to the general path (no second grant)", async () => {
    const tag = `k${randomBytes(4).toString("hex")}`;
    const s = await subscriber(tag);
    const first = paidInvoice(s, `in_${tag}_0`, 0);
    // The same invoice under another event id (as a resend would carry): one grant in all.
    const second = { ...first, id: `evt_other_${tag}` };
    await Promise.all([deliver(p, first, new Date()), deliver(p, second, new Date())]);
    const grant = (await grantsFor(`in_${tag}_`)).get(`allowance:in_${tag}_0`);
    expect(grant?.n).toBe(1n);
    expect(await p.payment.count({ where: { sourceId: `in_${tag}_0` } })).toBe(1);
    expect(await errors()).toEqual([]);
  });
});
