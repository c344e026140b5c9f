// Billing's events through the real Stripe webhook path: a subscription's life (created, paid
// twice, a failed payment, past due, canceled) reaches the outbox as subscription.changed,
// payment.succeeded and payment.failed for the user's and the operator's endpoints, and a full
// replay of every Stripe event adds no delivery; a renewal decided by the single-statement path
// (invoice-paid-at-once.ts) emits payment.succeeded exactly as the general path does.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { planProduct } from "@/lib/billing/catalog";
import { invoicePaidAtOnce } from "@/lib/billing/events/invoice-paid-at-once";
import { addMonth, buildEvent, invoiceObject, unix } from "@/lib/billing/test-objects";
import { ENTITLEMENTS } from "@/lib/entitlements";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { ensureAccount } from "@/lib/ledger/accounts";
import { webhookEventId } from "@/lib/webhooks-out/emit";
import { createEndpoint } from "@/lib/webhooks-out/endpoints";
import { subscriptionLifetime } from "@/tests/billing/fixtures";
import { createUser, deliver, useTestModeEnv } from "@/tests/billing/helpers";
import { createTestDatabase, type TestDatabase } from "@/tests/helpers/db";

const START = new Date(Date.UTC(2026, 0, 10, 12));

describe("billing events to outgoing webhooks", () => {
  let db: TestDatabase;
  let p: PrismaClient;
  beforeAll(async () => {
    useTestModeEnv();
    db = await createTestDatabase();
    p = db.prisma;
  });
  afterAll(() => db.cleanup());

  it("a subscription's life, once, however often Stripe repeats it", async () => {
    const tag = `r${randomBytes(5).toString("hex")}`;
    const userId = await createUser(p);
    const customer = `cus_${tag}`;
    await p.billingCustomer.create({ data: { userId, stripeCustomerId: customer } });
    const events = ["payment.succeeded", "payment.failed", "subscription.changed"] as const;
    const url = "https://hooks.example.com/x";
    await createEndpoint(p, { userId }, { userId }, { url, events: [...events] });
    await createEndpoint(p, { userId }, { userId: null }, { url, events: [...events] });
    const life = subscriptionLifetime(tag, { userId, customer, start: START });
    for (const event of life.events) await deliver(p, event, new Date(event.created * 1000));

    const rows = await p.webhookDelivery.findMany({
      orderBy: { createdAt: "asc" },
      select: { eventType: true, payload: true, endpoint: { select: { userId: true } } },
    });
    const mine = rows.filter((r) => r.endpoint.userId === userId);
    expect(rows).toHaveLength(mine.length * 2);
    const count = (type: string) => mine.filter((r) => r.eventType === type).length;
    expect(count("payment.succeeded")).toBe(2); // two paid invoices
    expect(count("payment.failed")).toBe(1);
    const statuses = mine
      .filter((r) => r.eventType === "subscription.changed")
      .map((r) => (r.payload as { data: { status: string } }).data.status);
    expect(statuses[0]).toBe("active");
    expect(statuses).toContain("past_due");
    expect(statuses.at(-1)).toBe("canceled");
    const paid = mine.find((r) => r.eventType === "payment.succeeded")?.payload as {
      data: Record<string, unknown>;
    };
    expect(paid.data).toMatchObject({ kind: "subscription", plan: "pro" });
    expect(typeof paid.data.pt).toBe("string");

    for (const event of [...life.events].reverse()) await deliver(p, event, new Date(event.created * 1000));
    expect(await p.webhookDelivery.count()).toBe(rows.length);
  });

  it("a renewal paid through the single-statement path emits payment.succeeded like the general path", async () => {
    const tag = `f${randomBytes(5).toString("hex")}`;
    const userId = await createUser(p);
    const customer = `cus_${tag}`;
    const subscription = `sub_${tag}`;
    const from = new Date(Date.now() - 86_400_000);
    await p.billingCustomer.create({ data: { userId, stripeCustomerId: customer } });
    await p.billingSubscription.create({
      data: {
        id: subscription,
        userId,
        stripeCustomerId: customer,
        plan: "pro",
        status: "active",
        currentPeriodEnd: addMonth(from),
      },
    });
    await p.user.update({ where: { id: userId }, data: { plan: "pro" } });
    await ensureAccount(p, { kind: "user", userId });
    const url = "https://hooks.example.com/x";
    await createEndpoint(p, { userId }, { userId }, { url, events: ["payment.succeeded"] });
    const pro = planProduct("pro");
    const invoiceId = `in_${tag}`;
    const invoice = invoiceObject({
      id: invoiceId,
      customer,
      subscription,
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
    const event = buildEvent("invoice.paid", invoice, unix(from), `evt_${tag}`);
    // The single statement decides this delivery (no general-path transaction runs).
    expect(await invoicePaidAtOnce(p, JSON.parse(JSON.stringify(event)), new Date())).toEqual({
      eventId: event.id,
      status: "applied",
    });
    const rows = await p.webhookDelivery.findMany({
      where: { endpoint: { userId }, eventType: "payment.succeeded" },
    });
    expect(rows).toHaveLength(1);
    const payload = rows[0]?.payload as { id: string; type: string; timestamp: string; data: unknown };
    expect(payload.id).toBe(webhookEventId("payment.succeeded", invoiceId));
    expect(payload.type).toBe("payment.succeeded");
    expect(Number.isNaN(Date.parse(payload.timestamp))).toBe(false);
    expect(payload.data).toEqual({
      kind: "subscription",
      invoiceId,
      subscriptionId: subscription,
      plan: "pro",
      pt: ENTITLEMENTS.pro.monthlyAllowancePt.toString(),
      amountMinor: pro.amountMinor.toString(),
      currency: "usd",
    });
    // Replays (the statement again, the route) add nothing.
    await invoicePaidAtOnce(p, JSON.parse(JSON.stringify(event)), new Date());
    await deliver(p, event, new Date());
    expect(
      await p.webhookDelivery.count({ where: { endpoint: { userId }, eventType: "payment.succeeded" } }),
    ).toBe(1);
  });
});
