// Every admin mutation, through its route as a 2FA admin, writes exactly one audit row (actor,
// action, target, before/after, request id) together with its change.
import { randomBytes, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { getBalance } from "@/lib/ledger/accounts";
import { getPrice } from "@/lib/pricing/prices";
import { seedPrices } from "@/lib/pricing/seed-prices";
import { topupLife } from "@/tests/billing/fixtures";
import { deliver, ledgerSnapshot, useTestModeEnv } from "@/tests/billing/helpers";
import { createTestDatabase, type TestDatabase } from "@/tests/helpers/db";
import { chargedMessage, ctx, makeUser, req, type Who } from "./helpers";

const state = vi.hoisted(() => ({ who: null as unknown, prisma: null as unknown }));
vi.mock("@/lib/auth/principal", async () => {
  const h = await import("./helpers");
  return { resolveUser: async () => h.principalFor(state.who as Who), resolveGuest: async () => null };
});
vi.mock("@/lib/db", async (importOriginal) => ({
  ...(await importOriginal<object>()),
  getDb: async () => state.prisma,
}));

const freeze = await import("@/app/api/admin/users/[id]/freeze/route");
const adjust = await import("@/app/api/admin/users/[id]/adjust/route");
const resend = await import("@/app/api/admin/users/[id]/resend-verification/route");
const approve = await import("@/app/api/admin/disputes/[id]/approve/route");
const reject = await import("@/app/api/admin/disputes/[id]/reject/route");
const replay = await import("@/app/api/admin/webhooks/[id]/replay/route");
const prices = await import("@/app/api/admin/prices/route");
const audit = await import("@/app/api/admin/audit/route");
const decide = await import("@/app/api/admin/prices/proposals/[id]/route");
const refunds = await import("@/app/api/admin/refunds/route");

type Handler = (r: Request, c: ReturnType<typeof ctx>) => Promise<Response>;

describe("audit log", () => {
  let db: TestDatabase;
  let p: PrismaClient;
  let admin: { id: string };
  let user: { id: string; email: string };

  beforeAll(async () => {
    db = await createTestDatabase();
    p = db.prisma;
    state.prisma = p;
    await seedPrices(p);
    admin = await makeUser(p, "ADMIN", true);
    user = await makeUser(p);
    state.who = { userId: admin.id, role: "ADMIN", twoFactorEnabled: true } satisfies Who;
  });
  afterAll(async () => db?.cleanup());

  async function mutate(handler: Handler, path: string, body: unknown, params: Record<string, string>) {
    const before = await p.auditLog.count();
    const res = await handler(req(path, { body }), ctx(params));
    expect(res.status, await res.clone().text()).toBe(200);
    expect(await p.auditLog.count()).toBe(before + 1);
    const row = await p.auditLog.findFirstOrThrow({ orderBy: { createdAt: "desc" } });
    expect(row.actorId).toBe(admin.id);
    expect(row.requestId).toBeTruthy();
    return row;
  }

  it("freeze, unfreeze, adjust (+/−), resend verification", async () => {
    const id = user.id;
    const frozen = await mutate(freeze.POST, `/x`, { frozen: true, reason: "fraud check" }, { id });
    expect(frozen).toMatchObject({ action: "user.freeze", targetId: id, before: { status: "active" } });
    expect((await p.user.findUniqueOrThrow({ where: { id } })).status).toBe("frozen");
    expect((await p.ledgerAccount.findFirstOrThrow({ where: { ownerId: id } })).frozen).toBe(true);
    await mutate(freeze.POST, `/x`, { frozen: false }, { id });

    const key = randomUUID();
    const plus = await mutate(adjust.POST, `/x`, { amount: "500", reason: "goodwill", key }, { id });
    expect(plus).toMatchObject({ action: "user.adjust_pt", after: { amount: "500", reason: "goodwill" } });
    // Same key again: the same adjustment, no second credit and no second audit row.
    const again = await adjust.POST(
      req("/x", { body: { amount: "500", reason: "goodwill", key } }),
      ctx({ id }),
    );
    expect(((await again.json()) as { created: boolean }).created).toBe(false);
    expect(await p.auditLog.count({ where: { action: "user.adjust_pt" } })).toBe(1);
    await mutate(adjust.POST, `/x`, { amount: "-200", reason: "correction", key: randomUUID() }, { id });
    expect((await getBalance(p, { kind: "user", userId: id })).available).toBe(300n);
    const noReason = await adjust.POST(
      req("/x", { body: { amount: "5", reason: "", key: randomUUID() } }),
      ctx({ id }),
    );
    expect(noReason.status).toBe(422);

    await p.user.update({ where: { id }, data: { emailVerifiedAt: null } });
    await mutate(resend.POST, `/x`, {}, { id });
    expect(await p.emailOutbox.count({ where: { to: user.email, template: "verify-email" } })).toBe(1);
  });

  it("dispute approve and reject", async () => {
    const { message } = await chargedMessage(p, user.id, 40n);
    const open = (reason: string) =>
      p.dispute.create({
        data: { userId: user.id, itemType: "message", itemId: message.id, reason, amountPt: 40n },
      });
    const a = await open("a");
    const approved = await mutate(approve.POST, "/x", { note: "sorry about that" }, { id: a.id });
    expect(approved).toMatchObject({ action: "dispute.approve", after: { note: "sorry about that" } });
    expect((await p.dispute.findUniqueOrThrow({ where: { id: a.id } })).resolutionNote).toBe(
      "sorry about that",
    );
    const b = await open("b");
    const row = await mutate(reject.POST, "/x", { note: "as charged" }, { id: b.id });
    expect(row).toMatchObject({
      action: "dispute.reject",
      after: { status: "rejected", note: "as charged" },
    });
  });

  it("webhook replay of a dead event", async () => {
    const id = `evt_${randomUUID().replaceAll("-", "")}`;
    await p.stripeEvent.create({
      data: {
        id,
        type: "customer.created",
        payload: { id, type: "customer.created", created: 1, data: { object: { id: "cus_1" } } },
        stripeCreated: new Date(),
        status: "dead",
        attempts: 8,
        lastError: "boom",
      },
    });
    const row = await mutate(replay.POST, "/x", undefined, { id });
    expect(row).toMatchObject({ action: "webhook.replay", before: { status: "dead" } });
    expect((await p.stripeEvent.findUniqueOrThrow({ where: { id } })).status).not.toBe("dead");
    // Replayed again (now settled): it runs once more and changes nothing.
    const again = await replay.POST(req("/x", { method: "POST" }), ctx({ id }));
    expect(again.status).toBe(200);
  });

  it("an applied event can be replayed too: it runs again and its effect is not applied twice", async () => {
    useTestModeEnv(); // test mode, with the webhook secret the deliveries are signed with
    const tag = `r${randomBytes(5).toString("hex")}`;
    const customer = `cus_${tag}`;
    await p.billingCustomer.create({ data: { userId: user.id, stripeCustomerId: customer } });
    const intent = await p.checkoutIntent.create({
      data: {
        userId: user.id,
        kind: "pack",
        productId: "small",
        openKey: `${user.id}:pack:small`,
        stripeSessionId: `cs_${tag}`,
        expectedAmountMinor: 500n,
        currency: "usd",
        expectedPt: 250_000n,
        expiresAt: new Date(Date.now() + 3_600_000),
      },
    });
    const life = topupLife(tag, {
      userId: user.id,
      customer,
      intentId: intent.id,
      amount: 500,
      at: new Date(),
    });
    await deliver(p, life.completed);
    const id = life.completed.id;
    expect((await p.stripeEvent.findUniqueOrThrow({ where: { id } })).status).toBe("applied");
    const before = await ledgerSnapshot(p, user.id, tag);
    const payments = await p.payment.count({ where: { userId: user.id } });

    const row = await mutate(replay.POST, "/x", undefined, { id });
    expect(row).toMatchObject({ action: "webhook.replay", before: { status: "applied" } });
    expect(await ledgerSnapshot(p, user.id, tag)).toEqual(before);
    expect(await p.payment.count({ where: { userId: user.id } })).toBe(payments);
    expect((await p.stripeEvent.findUniqueOrThrow({ where: { id } })).status).toBe("applied");
  });

  it("price change: >20% needs confirmation, then one audited row", async () => {
    const body = {
      provider: "demo",
      model: "demo",
      tier: "free",
      ptPerMInput: "999999",
      ptPerMOutput: "999999",
      costMicroUsdPerMInput: "0",
      costMicroUsdPerMOutput: "0",
    };
    const refused = await prices.POST(req("/x", { body }), ctx());
    expect(refused.status).toBe(409);
    const err = (await refused.json()) as { error: { details: { reason: string } } };
    expect(err.error.details.reason).toBe("large_change");
    const row = await mutate(prices.POST, "/x", { ...body, confirmLargeChange: true }, {});
    expect(row).toMatchObject({ action: "price.add", targetId: "demo" });

    const list = (await (await audit.GET(req("/api/admin/audit?action=price"), ctx())).json()) as {
      items: { action: string }[];
    };
    expect(list.items.map((i) => i.action)).toEqual(["price.add"]);
  });

  it("price dimensions: every rate is saved and audited; a worse-billed dimension asks first; bad rows change nothing", async () => {
    // The seeded gpt-4o-mini bills cached input at 7,500 PT / 1M; a row leaving it unset would bill
    // it at the input rate (15,000): +100% for cached tokens, so it needs confirmation.
    const base = {
      provider: "openai",
      model: "gpt-4o-mini",
      tier: "free",
      ptPerMInput: "15000",
      ptPerMOutput: "60000",
      costMicroUsdPerMInput: "150000",
      costMicroUsdPerMOutput: "600000",
    };
    const refused = await prices.POST(req("/x", { body: base }), ctx());
    expect(refused.status).toBe(409);
    const body = (await refused.json()) as { error: { details: { changes: { field: string }[] } } };
    expect(body.error.details.changes.map((c) => c.field)).toEqual([
      "ptPerMCachedInput",
      "costMicroUsdPerMCachedInput",
    ]);

    const rows = await p.modelPrice.count();
    const bad: [Record<string, unknown>, number][] = [
      [{ ...base, longContextThreshold: "200000" }, 400], // a tier needs its input and output rates
      [{ ...base, ptPerMInputLong: "5" }, 400], // long rates need a threshold
      [{ ...base, ptPerMCachedInput: "-1" }, 422],
      [{ ...base, longContextThreshold: "0" }, 422],
      [{ ...base, ptPerWebSearchCall: "1.5" }, 422],
    ];
    for (const [b, status] of bad) {
      const res = await prices.POST(req("/x", { body: { ...b, confirmLargeChange: true } }), ctx());
      expect(res.status, JSON.stringify(b)).toBe(status);
      expect((await res.json()) as object).toHaveProperty("error.code");
    }
    expect(await p.modelPrice.count()).toBe(rows);

    const full = {
      ...base,
      model: "tiered-model",
      provider: "anthropic",
      ptPerMCachedInput: "1500",
      costMicroUsdPerMCachedInput: "15000",
      ptPerMCacheWrite5m: "18750",
      ptPerMCacheWrite1h: "30000",
      ptPerMReasoning: "90000",
      longContextThreshold: "200000",
      ptPerMInputLong: "30000",
      ptPerMOutputLong: "120000",
      costMicroUsdPerMInputLong: "300000",
      costMicroUsdPerMOutputLong: "1200000",
      ptPerWebSearchCall: "1000",
      costMicroUsdPerWebSearchCall: "10000",
    };
    const row = await mutate(prices.POST, "/x", full, {});
    expect(row).toMatchObject({ action: "price.add", targetId: "tiered-model" });
    const saved = await p.modelPrice.findFirstOrThrow({ where: { model: "tiered-model" } });
    expect(saved).toMatchObject({
      ptPerMCachedInput: 1_500n,
      costMicroUsdPerMCachedInput: 15_000n,
      ptPerMCacheWrite5m: 18_750n,
      costMicroUsdPerMCacheWrite5m: null,
      ptPerMCacheWrite1h: 30_000n,
      ptPerMReasoning: 90_000n,
      longContextThreshold: 200_000,
      ptPerMInputLong: 30_000n,
      ptPerMOutputLong: 120_000n,
      ptPerMCachedInputLong: null,
      ptPerWebSearchCall: 1_000n,
      costMicroUsdPerWebSearchCall: 10_000n,
      ptPerCodeInterpreterCall: 0n,
    });
  });

  it("price proposals: approved once through the route, audited; a second decision is a 409", async () => {
    const base = await getPrice(p, { model: "gpt-4o-mini" });
    const { id: basePriceId, model, provider, effectiveFrom: _at, source: _source, ...rates } = base;
    const proposed = { ...rates, ptPerMInput: 30_000n, costMicroUsdPerMInput: 300_000n };
    const proposal = await p.priceProposal.create({
      data: {
        key: `test:${randomUUID()}`,
        model,
        provider,
        basePriceId,
        rates: JSON.parse(JSON.stringify(proposed, (_k, v) => (typeof v === "bigint" ? v.toString() : v))),
        marginBps: -10_000,
        source: "test",
      },
    });
    const path = `/api/admin/prices/proposals/${proposal.id}`;
    const bad = await decide.POST(req(path, { body: { decision: "maybe" } }), ctx({ id: proposal.id }));
    expect(bad.status).toBe(422);
    const notUuid = await decide.POST(req(path, { body: { decision: "approve" } }), ctx({ id: "nope" }));
    expect(notUuid.status).toBe(422);
    const row = await mutate(decide.POST, path, { decision: "approve" }, { id: proposal.id });
    expect(row).toMatchObject({ action: "price.proposal.approve", targetId: proposal.id });
    const applied = await p.priceProposal.findUniqueOrThrow({ where: { id: proposal.id } });
    expect(applied).toMatchObject({ status: "approved", decidedBy: admin.id });
    const price = await p.modelPrice.findUniqueOrThrow({ where: { id: applied.appliedPriceId ?? "" } });
    expect(price).toMatchObject({
      model,
      ptPerMInput: 30_000n,
      costMicroUsdPerMInput: 300_000n,
      ptPerMCachedInput: 7_500n,
    });
    const again = await decide.POST(req(path, { body: { decision: "reject" } }), ctx({ id: proposal.id }));
    expect(again.status).toBe(409);
  });

  it("refund of a payment (test-mode Stripe): one audited request, the ledger follows the webhook", async () => {
    const payment = await p.payment.create({
      data: {
        userId: user.id,
        kind: "topup",
        sourceId: `cs_${randomUUID()}`,
        paymentIntentId: `pi_${randomUUID().replaceAll("-", "")}`,
        amountMinor: 500n,
        currency: "usd",
        pt: 5_000n,
        description: "Top-up",
      },
    });
    const key = randomUUID();
    const row = await mutate(refunds.POST, "/x", { paymentId: payment.id, key, reason: "asked" }, {});
    expect(row).toMatchObject({
      action: "payment.refund",
      targetId: payment.id,
      before: { refundedMinor: "0" },
    });
    expect((await p.payment.findUniqueOrThrow({ where: { id: payment.id } })).refundedMinor).toBe(500n);
  });

  it("a refund amount is entered in the payment's currency, exactly; one with too many decimals changes nothing", async () => {
    const payment = await p.payment.create({
      data: {
        userId: user.id,
        kind: "topup",
        sourceId: `cs_${randomUUID()}`,
        paymentIntentId: `pi_${randomUUID().replaceAll("-", "")}`,
        amountMinor: 500n,
        currency: "usd",
        pt: 5_000n,
        description: "Top-up",
      },
    });
    const refused = await refunds.POST(
      req("/x", { body: { paymentId: payment.id, amount: "2.505", key: randomUUID() } }),
      ctx(),
    );
    expect(refused.status).toBe(400);
    const both = await refunds.POST(
      req("/x", { body: { paymentId: payment.id, amount: "1.00", amountMinor: "100", key: randomUUID() } }),
      ctx(),
    );
    expect(both.status).toBe(422);
    expect((await p.payment.findUniqueOrThrow({ where: { id: payment.id } })).refundedMinor).toBe(0n);
    await mutate(refunds.POST, "/x", { paymentId: payment.id, amount: "2.50", key: randomUUID() }, {});
    expect((await p.payment.findUniqueOrThrow({ where: { id: payment.id } })).refundedMinor).toBe(250n);
  });
});
