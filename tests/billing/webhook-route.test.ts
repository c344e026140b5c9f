// POST /api/stripe/webhook end to end (route handler, raw body, real database): refusals change
// nothing, unknown customers are stored as ignored, a 20-way concurrent storm of one event credits
// once, and a failing effect is retried with backoff and then dead-lettered.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { processEvent } from "@/lib/billing/event-store";
import { runWebhookRetries } from "@/lib/billing/retry-worker";
import { buildEvent, chargeObject } from "@/lib/billing/test-objects";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { getBalance } from "@/lib/ledger/accounts";
import { subscriptionLifetime } from "@/tests/billing/fixtures";
import { createUser, signed, useTestModeEnv, WEBHOOK_SECRET } from "@/tests/billing/helpers";
import { createTestDatabase, type TestDatabase } from "@/tests/helpers/db";

const state = vi.hoisted(() => ({ prisma: null as unknown }));
vi.mock("@/lib/db", async (importOriginal) => ({
  ...(await importOriginal<object>()),
  getDb: async () => state.prisma,
}));

const { POST } = await import("@/app/api/stripe/webhook/route");
const ctx = { params: Promise.resolve({}) };

function post(rawBody: string, signature?: string, extra: Record<string, string> = {}) {
  const headers: Record<string, string> = { "content-type": "application/json", ...extra };
  if (signature) headers["stripe-signature"] = signature;
  return POST(
    new Request("http://localhost/api/stripe/webhook", { method: "POST", body: rawBody, headers }),
    ctx,
  );
}

let db: TestDatabase;
let p: PrismaClient;

beforeAll(async () => {
  useTestModeEnv({ WEBHOOK_MAX_ATTEMPTS: "3" });
  db = await createTestDatabase();
  p = db.prisma;
  state.prisma = p;
});
afterAll(() => db.cleanup());

async function subscriber() {
  const tag = `w${randomBytes(5).toString("hex")}`;
  const userId = await createUser(p);
  const customer = `cus_${tag}`;
  await p.billingCustomer.create({ data: { userId, stripeCustomerId: customer } });
  return { tag, userId, customer, life: subscriptionLifetime(tag, { userId, customer, start: new Date() }) };
}

const ledgerCount = async () =>
  Number((await p.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM "LedgerTransaction"`)[0]?.n);

describe("refusals", () => {
  it("forged, wrong-secret, stale, unsigned and malformed deliveries get 400 and change nothing", async () => {
    const { life } = await subscriber();
    const invoicePaid = life.events[2];
    if (!invoicePaid) throw new Error("fixture");
    const good = signed(invoicePaid);
    const before = { events: await p.stripeEvent.count(), ledger: await ledgerCount() };
    const attempts = [
      post(good.rawBody.replace('"amount":2000', '"amount":9999999'), good.signature),
      post(good.rawBody, signed(invoicePaid, { secret: "whsec_attacker_guess_00000000000" }).signature),
      post(good.rawBody, signed(invoicePaid, { timestamp: Math.floor(Date.now() / 1000) - 600 }).signature),
      post(good.rawBody),
      post(good.rawBody, "not-a-signature-header"),
      post("{not json", `t=${Math.floor(Date.now() / 1000)},v1=${"ab".repeat(32)}`),
    ];
    const responses = await Promise.all(attempts);
    expect(responses.map((r) => r.status)).toEqual([400, 400, 400, 400, 400, 400]);
    const body = (await responses[0]?.json()) as { error: { code: string } };
    expect(body.error.code).toBe("webhook_signature_invalid");
    // Correctly signed but not JSON: still 400, still nothing stored.
    const garbage = "{not json";
    const { signatureHeader } = await import("@/lib/billing/webhook-verify");
    const signedGarbage = await post(garbage, signatureHeader(garbage, WEBHOOK_SECRET));
    expect(signedGarbage.status).toBe(400);
    expect({ events: await p.stripeEvent.count(), ledger: await ledgerCount() }).toEqual(before);
  });

  it("refuses bodies over the size cap with 413 before verifying", async () => {
    const big = `{"pad":"${"x".repeat(600 * 1024)}"}`;
    const response = await post(big, signed({}).signature);
    expect(response.status).toBe(413);
  });

  it("stores an event for an unknown customer as ignored and moves no PT; unhandled types too", async () => {
    const stranger = subscriptionLifetime("stranger", {
      userId: "00000000-0000-4000-8000-000000000000",
      customer: "cus_nobody",
      start: new Date(),
    });
    const invoice = stranger.events[2];
    if (!invoice) throw new Error("fixture");
    const before = await ledgerCount();
    const response = await post(...(Object.values(signed(invoice)) as [string, string]));
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ received: true, status: "ignored" });
    expect(await p.stripeEvent.findUnique({ where: { id: invoice.id } })).toMatchObject({
      status: "ignored",
      note: "unknown customer",
    });
    const odd = buildEvent(
      "customer.tax_id.created",
      { id: "txi_1", object: "tax_id" },
      Math.floor(Date.now() / 1000),
    );
    const unhandled = signed(odd);
    expect(await (await post(unhandled.rawBody, unhandled.signature)).json()).toMatchObject({
      status: "ignored",
    });
    expect(await ledgerCount()).toBe(before);
  });
});

describe("storms", () => {
  it("the same invoice.paid 20 times concurrently: 2xx for all, stored once, one allowance grant", async () => {
    const { userId, life } = await subscriber();
    const invoicePaid = life.events[2];
    if (!invoicePaid) throw new Error("fixture");
    const delivery = signed(invoicePaid);
    const responses = await Promise.all(
      Array.from({ length: 20 }, () => post(delivery.rawBody, delivery.signature)),
    );
    expect(responses.every((r) => r.status === 200)).toBe(true);
    const bodies = (await Promise.all(responses.map((r) => r.json()))) as { duplicate: boolean }[];
    expect(bodies.filter((b) => !b.duplicate)).toHaveLength(1);
    expect(await p.stripeEvent.count({ where: { id: invoicePaid.id } })).toBe(1);
    const balance = await getBalance(p, { kind: "user", userId });
    expect(balance.grants).toHaveLength(1);
    expect(balance.available).toBe(1_500_000n);
  });

  it("different event ids for the same invoice, concurrently: still one grant (keyed by the invoice)", async () => {
    const { userId, life } = await subscriber();
    const invoicePaid = life.events[2];
    if (!invoicePaid) throw new Error("fixture");
    const copies = Array.from({ length: 10 }, (_, i) => ({
      ...invoicePaid,
      id: `${invoicePaid.id}_copy${i}`,
    }));
    const responses = await Promise.all(
      copies.map((c) => post(...(Object.values(signed(c)) as [string, string]))),
    );
    expect(responses.every((r) => r.status === 200)).toBe(true);
    expect((await getBalance(p, { kind: "user", userId })).available).toBe(1_500_000n);
  });
});

describe("retries", () => {
  it("a deferred effect is retried with backoff, applies once its purchase exists, or dies after N attempts", async () => {
    const { userId, customer } = await subscriber();
    const now = new Date();
    const charge = chargeObject({
      id: "ch_orphan",
      customer,
      paymentIntent: "pi_orphan",
      amount: 500,
      amountRefunded: 500,
      currency: "usd",
    });
    const event = buildEvent(
      "charge.refunded",
      charge,
      Math.floor(now.getTime() / 1000),
      `evt_orphan_${userId.slice(0, 8)}`,
    );
    const response = await post(...(Object.values(signed(event)) as [string, string]));
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: "failed" });
    let row = await p.stripeEvent.findUniqueOrThrow({ where: { id: event.id } });
    expect(row.attempts).toBe(1);
    expect(row.lastError).toMatch(/RetryLater/);
    const delay = row.nextAttemptAt.getTime() - now.getTime();
    expect(delay).toBeGreaterThanOrEqual(15_000 - 1000);
    expect(delay).toBeLessThanOrEqual(30_000 + 5000);
    // Not due yet: the worker leaves it alone.
    expect((await runWebhookRetries(p, { now })).due).toBe(0);
    // Due: attempt 2 fails again with a longer delay; attempt 3 is the last (WEBHOOK_MAX_ATTEMPTS=3).
    const second = await processEvent(p, event.id, {
      now: new Date(row.nextAttemptAt.getTime() + 1),
      random: () => 1,
    });
    expect(second.status).toBe("failed");
    row = await p.stripeEvent.findUniqueOrThrow({ where: { id: event.id } });
    const third = await processEvent(p, event.id, { now: new Date(row.nextAttemptAt.getTime() + 1) });
    expect(third.status).toBe("dead");
    expect((await p.stripeEvent.findUniqueOrThrow({ where: { id: event.id } })).attempts).toBe(3);
    expect((await getBalance(p, { kind: "user", userId })).available).toBe(0n);
  });
});
