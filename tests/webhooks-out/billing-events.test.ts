// Billing's events through the real Stripe webhook path: a subscription's life (created, paid
// twice, a failed payment, past due, canceled) reaches the outbox as subscription.changed,
// payment.succeeded and payment.failed for the user's and the operator's endpoints, and a full
// replay of every Stripe event adds no delivery.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PrismaClient } from "@/lib/generated/prisma/client";
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
});
