// Top-ups, refunds and disputes through the webhook path: the amount is checked against the
// intent, refunds claw back the refunded share (debt when already spent), a lost dispute after
// full spend leaves the account frozen with debt and spending refused, with invariants holding.
import { randomBytes, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { refundPayment } from "@/lib/billing/refund";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { getBalance } from "@/lib/ledger/accounts";
import { reserve } from "@/lib/ledger/holds";
import { checkLedgerInvariants } from "@/lib/ledger/invariants";
import { settle } from "@/lib/ledger/settle";
import { topupLife } from "@/tests/billing/fixtures";
import { createUser, deliver, drainRetries, useTestModeEnv } from "@/tests/billing/helpers";
import { createTestDatabase, type TestDatabase } from "@/tests/helpers/db";

let db: TestDatabase;
let p: PrismaClient;

beforeAll(async () => {
  useTestModeEnv();
  db = await createTestDatabase();
  p = db.prisma;
});
afterAll(() => db.cleanup());

async function buyer(options: { amount?: number; expectedAmount?: bigint } = {}) {
  const tag = `t${randomBytes(5).toString("hex")}`;
  const userId = await createUser(p);
  const customer = `cus_${tag}`;
  await p.billingCustomer.create({ data: { userId, stripeCustomerId: customer } });
  const intent = await p.checkoutIntent.create({
    data: {
      userId,
      kind: "pack",
      productId: "small",
      openKey: `${userId}:pack:small`,
      stripeSessionId: `cs_${tag}`,
      expectedAmountMinor: options.expectedAmount ?? 500n,
      currency: "usd",
      expectedPt: 250_000n,
      expiresAt: new Date(Date.now() + 3_600_000),
    },
  });
  const life = topupLife(tag, {
    userId,
    customer,
    intentId: intent.id,
    amount: options.amount ?? 500,
    at: new Date(),
  });
  return { tag, userId, intentId: intent.id, life, account: { kind: "user" as const, userId } };
}

async function spend(account: { kind: "user"; userId: string }, amount: bigint) {
  const hold = await reserve(p, { account, amount, key: randomUUID(), ttlSeconds: 600 });
  await settle(p, { holdId: hold.holdId, actual: amount });
}

const errors = async () => (await checkLedgerInvariants(p)).filter((v) => v.severity === "error");

describe("top-ups", () => {
  it("grants the intent's PT once and completes the intent", async () => {
    const b = await buyer();
    await Promise.all([deliver(p, b.life.completed), deliver(p, b.life.completed)]);
    expect((await getBalance(p, b.account)).available).toBe(250_000n);
    expect(await p.checkoutIntent.findUniqueOrThrow({ where: { id: b.intentId } })).toMatchObject({
      status: "completed",
      openKey: null,
    });
    expect(await p.payment.findFirstOrThrow({ where: { userId: b.userId } })).toMatchObject({
      kind: "topup",
      amountMinor: 500n,
      pt: 250_000n,
    });
  });

  it("holds a session whose amount does not match the intent for review and grants nothing", async () => {
    const b = await buyer({ amount: 1 });
    const outcome = await deliver(p, b.life.completed);
    expect(outcome).toMatchObject({ status: "ignored" });
    expect(outcome.note).toMatch(/amount/);
    expect((await getBalance(p, b.account)).available).toBe(0n);
    expect((await p.checkoutIntent.findUniqueOrThrow({ where: { id: b.intentId } })).status).toBe("review");
  });
});

describe("refunds", () => {
  it("after partial spend: half refund takes back half the PT, full refund leaves the spent part as debt", async () => {
    const b = await buyer();
    await deliver(p, b.life.completed);
    await spend(b.account, 100_000n);
    const [half, full] = b.life.refunds;
    if (!half || !full) throw new Error("fixture");
    await deliver(p, half);
    let balance = await getBalance(p, b.account);
    expect([balance.available, balance.debt]).toEqual([25_000n, 0n]);
    await deliver(p, full);
    await deliver(p, full);
    balance = await getBalance(p, b.account);
    expect([balance.posted, balance.available, balance.debt]).toEqual([0n, 0n, 100_000n]);
    await expect(spend(b.account, 1n)).rejects.toMatchObject({ code: "pt_exhausted" });
    expect(await p.payment.findFirstOrThrow({ where: { userId: b.userId } })).toMatchObject({
      refundedMinor: 500n,
      refundedPt: 250_000n,
    });
    expect(await errors()).toEqual([]);
  });

  it("refunds arriving before the purchase and out of order end in the same balance", async () => {
    const b = await buyer();
    const [half, full] = b.life.refunds;
    if (!half || !full) throw new Error("fixture");
    expect((await deliver(p, full)).status).toBe("failed");
    await deliver(p, half);
    await deliver(p, b.life.completed);
    await drainRetries(p, new Date(Date.now() + 3_600_000));
    const balance = await getBalance(p, b.account);
    expect([balance.posted, balance.debt]).toEqual([0n, 0n]);
    expect(await p.stripeEvent.count({ where: { id: { in: [half.id, full.id] }, status: "applied" } })).toBe(
      2,
    );
  });

  it("the admin refund service asks once per idempotency key; the ledger follows via charge.refunded", async () => {
    const b = await buyer();
    await deliver(p, b.life.completed);
    const payment = await p.payment.findFirstOrThrow({ where: { userId: b.userId } });
    const key = `admin-refund-${payment.id}`;
    await refundPayment(p, {
      paymentId: payment.id,
      amountMinor: 100n,
      idempotencyKey: key,
      actor: "admin:test",
    });
    await refundPayment(p, {
      paymentId: payment.id,
      amountMinor: 100n,
      idempotencyKey: key,
      actor: "admin:test",
    });
    expect((await getBalance(p, b.account)).available).toBe(200_000n);
    await expect(
      refundPayment(p, {
        paymentId: payment.id,
        amountMinor: 401n,
        idempotencyKey: `${key}-2`,
        actor: "admin:test",
      }),
    ).rejects.toMatchObject({ code: "bad_request" });
  });

  it("concurrent partial refunds with different keys in test mode each count (none is lost)", async () => {
    const b = await buyer();
    await deliver(p, b.life.completed);
    const payment = await p.payment.findFirstOrThrow({ where: { userId: b.userId } });
    // Four admins refund 100 minor units each at once: Stripe serialises refunds on a charge, so the
    // local test mode must too (each event carries the cumulative amount refunded).
    await Promise.all(
      [1, 2, 3, 4].map((n) =>
        refundPayment(p, {
          paymentId: payment.id,
          amountMinor: 100n,
          idempotencyKey: `concurrent-refund-${payment.id}-${n}`,
          actor: "admin:test",
        }),
      ),
    );
    expect((await p.payment.findUniqueOrThrow({ where: { id: payment.id } })).refundedMinor).toBe(400n);
    expect((await getBalance(p, b.account)).available).toBe(50_000n);
    expect(await errors()).toEqual([]);
  });
});

describe("disputes", () => {
  it("lost after full spend: frozen, clawed back into debt, spending refused, invariants hold", async () => {
    const b = await buyer();
    await deliver(p, b.life.completed);
    await spend(b.account, 250_000n);
    await deliver(p, b.life.disputeCreated);
    expect((await p.user.findUniqueOrThrow({ where: { id: b.userId } })).status).toBe("frozen");
    await deliver(p, b.life.disputeClosed("lost"));
    await deliver(p, b.life.disputeClosed("lost"));
    const balance = await getBalance(p, b.account);
    expect([balance.available, balance.debt, balance.frozen]).toEqual([0n, 250_000n, true]);
    expect((await p.user.findUniqueOrThrow({ where: { id: b.userId } })).status).toBe("frozen");
    await expect(spend(b.account, 1n)).rejects.toMatchObject({ code: "pt_exhausted" });
    expect(await errors()).toEqual([]);
  });

  it("won: the account is unfrozen and keeps its PT; closed-before-created never freezes", async () => {
    const b = await buyer();
    await deliver(p, b.life.completed);
    await deliver(p, b.life.disputeCreated);
    expect((await getBalance(p, b.account)).frozen).toBe(true);
    await deliver(p, b.life.disputeClosed("won"));
    const balance = await getBalance(p, b.account);
    expect([balance.available, balance.frozen]).toEqual([250_000n, false]);
    expect((await p.user.findUniqueOrThrow({ where: { id: b.userId } })).status).toBe("active");

    const c = await buyer();
    await deliver(p, c.life.completed);
    await deliver(p, c.life.disputeClosed("won"));
    expect((await deliver(p, c.life.disputeCreated)).note).toMatch(/already closed/);
    expect((await p.user.findUniqueOrThrow({ where: { id: c.userId } })).status).toBe("active");
  });

  it("a user frozen by an admin is not unfrozen by a won dispute", async () => {
    const b = await buyer();
    await deliver(p, b.life.completed);
    await p.user.update({ where: { id: b.userId }, data: { status: "frozen" } });
    await deliver(p, b.life.disputeCreated);
    await deliver(p, b.life.disputeClosed("won"));
    expect((await p.user.findUniqueOrThrow({ where: { id: b.userId } })).status).toBe("frozen");
  });
});
