// Outgoing webhooks end to end on a real database and a real receiving server that verifies each
// signature with the standardwebhooks library: the outbox row commits or rolls back with its
// event, retries with full jitter, dead-lettering, manual retry, disabling after failing days,
// secret rotation with two valid signatures, and parallel workers that never send a row twice.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { type DeliverOptions, deliverWebhooks } from "@/lib/webhooks-out/deliver";
import { retryDelivery, sendTestEvent } from "@/lib/webhooks-out/deliveries";
import { emitWebhookEvent } from "@/lib/webhooks-out/emit";
import { createEndpoint, rotateSecret, updateEndpoint } from "@/lib/webhooks-out/endpoints";
import type { WebhookEventType } from "@/lib/webhooks-out/events";
import { backoffCeilingMs } from "@/lib/webhooks-out/policy";
import { createUser } from "@/tests/chat/helpers";
import { createTestDatabase, type TestDatabase, truncateAll } from "@/tests/helpers/db";
import { type Receiver, startReceiver } from "./receiver";

const DAY = 86_400_000;
const opts = (extra: DeliverOptions = {}): DeliverOptions => ({
  http: { allowLoopback: true, totalTimeoutMs: 2_000 },
  maxAttempts: 4,
  disableAfterDays: 5,
  ...extra,
});

describe("outgoing webhook delivery", () => {
  let db: TestDatabase;
  let p: PrismaClient;
  let rx: Receiver;
  let userId: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    p = db.prisma;
  });
  afterAll(async () => db.cleanup());
  beforeEach(async () => {
    await truncateAll(p);
    await rx?.close();
    rx = await startReceiver();
    userId = await createUser(p);
  });

  async function endpoint(events: WebhookEventType[] = ["balance.low"], owner: string | null = userId) {
    const made = await createEndpoint(p, { userId }, { userId: owner }, { url: rx.url, events });
    rx.secrets.push(made.secret);
    return made;
  }

  it("delivers a signed balance.low event that verifies with the standard library", async () => {
    const { endpoint: ep } = await endpoint();
    await p.$transaction((tx) =>
      emitWebhookEvent(tx, { type: "balance.low", userId, key: "low:1", data: { availablePt: 120n } }),
    );
    expect(await deliverWebhooks(p, opts())).toEqual({ delivered: 1, failed: 0, dead: 0 });
    expect(rx.received).toHaveLength(1);
    const got = rx.received[0];
    expect(got?.verifiedWith).toEqual([0]);
    const body = JSON.parse(got?.body ?? "{}");
    expect(body).toMatchObject({ type: "balance.low", data: { availablePt: "120" } });
    expect(got?.headers["webhook-id"]).toMatch(/^msg_/);
    const row = await p.webhookDelivery.findFirstOrThrow({
      where: { endpointId: ep.id },
      include: { log: true },
    });
    expect(row.status).toBe("delivered");
    expect(row.log).toHaveLength(1);
    expect(row.log[0]?.statusCode).toBe(204);
    // Nothing is due any more.
    expect(await deliverWebhooks(p, opts())).toEqual({ delivered: 0, failed: 0, dead: 0 });
  });

  it("writes the outbox row with its event: a rolled-back cause leaves none, a replayed one no second", async () => {
    await endpoint();
    await expect(
      p.$transaction(async (tx) => {
        await emitWebhookEvent(tx, { type: "balance.low", userId, key: "k1", data: {} });
        throw new Error("the cause failed");
      }),
    ).rejects.toThrow("the cause failed");
    expect(await p.webhookDelivery.count()).toBe(0);
    await p.$transaction((tx) => emitWebhookEvent(tx, { type: "balance.low", userId, key: "k1", data: {} }));
    await p.$transaction((tx) => emitWebhookEvent(tx, { type: "balance.low", userId, key: "k1", data: {} }));
    expect(await p.webhookDelivery.count()).toBe(1);
  });

  it("routes events by owner and subscription: another user's event and other types are not sent", async () => {
    await endpoint(["balance.low"]);
    await endpoint(["price.changed", "balance.low"], null);
    const other = await createUser(p);
    await emitWebhookEvent(p, { type: "balance.low", userId: other, key: "o", data: {} });
    await emitWebhookEvent(p, { type: "payment.succeeded", userId, key: "pay", data: {} });
    await emitWebhookEvent(p, { type: "price.changed", key: "price", data: {} });
    const rows = await p.webhookDelivery.findMany({
      select: { eventType: true, endpoint: { select: { userId: true } } },
    });
    // The operator endpoint gets every user's balance.low and the price change; the user's gets nothing.
    expect(rows.map((r) => [r.eventType, r.endpoint.userId]).sort()).toEqual([
      ["balance.low", null],
      ["price.changed", null],
    ]);
  });

  it("retries a 500 with full jitter, then succeeds; the log shows every attempt", async () => {
    const { endpoint: ep } = await endpoint();
    await emitWebhookEvent(p, { type: "balance.low", userId, key: "r", data: {} });
    rx.replies.push({ status: 500, body: "boom" }, { status: 503 });
    const t0 = new Date();
    expect(await deliverWebhooks(p, opts({ now: t0, random: () => 0.999 }))).toMatchObject({ failed: 1 });
    let row = await p.webhookDelivery.findFirstOrThrow({ where: { endpointId: ep.id } });
    const delay1 = row.nextAttemptAt.getTime() - t0.getTime();
    expect(delay1).toBeGreaterThanOrEqual(0);
    expect(delay1).toBeLessThan(backoffCeilingMs(1));
    expect(delay1).toBeGreaterThan(backoffCeilingMs(1) * 0.99);
    // Not due before its time.
    expect(await deliverWebhooks(p, opts({ now: new Date(t0.getTime() + delay1 - 1) }))).toMatchObject({
      failed: 0,
    });
    const t1 = new Date(t0.getTime() + delay1);
    expect(await deliverWebhooks(p, opts({ now: t1, random: () => 0 }))).toMatchObject({ failed: 1 });
    row = await p.webhookDelivery.findFirstOrThrow({ where: { endpointId: ep.id } });
    expect(row.nextAttemptAt).toEqual(t1); // full jitter may retry at once
    expect(await deliverWebhooks(p, opts({ now: t1 }))).toMatchObject({ delivered: 1 });
    const log = await p.webhookAttempt.findMany({
      where: { deliveryId: row.id },
      orderBy: { attempt: "asc" },
    });
    expect(log.map((a) => [a.attempt, a.statusCode])).toEqual([
      [1, 500],
      [2, 503],
      [3, 204],
    ]);
    expect(log[0]?.responseExcerpt).toBe("boom");
    // All three sends carried the same webhook-id, each verifying.
    expect(new Set(rx.received.map((r) => r.headers["webhook-id"])).size).toBe(1);
    expect(rx.received.every((r) => r.verifiedWith.length === 1)).toBe(true);
  });

  it("marks a delivery dead after the maximum, and a manual Retry sends it again", async () => {
    await endpoint();
    await emitWebhookEvent(p, { type: "balance.low", userId, key: "d", data: {} });
    rx.fallback = { status: 500 };
    let now = new Date();
    for (let i = 0; i < 4; i++) {
      await deliverWebhooks(p, opts({ now, random: () => 0 }));
      now = new Date(now.getTime() + 1);
    }
    const row = await p.webhookDelivery.findFirstOrThrow();
    expect(row).toMatchObject({ status: "dead", attempts: 4, lastStatusCode: 500 });
    expect(await deliverWebhooks(p, opts({ now: new Date(now.getTime() + DAY) }))).toEqual({
      delivered: 0,
      failed: 0,
      dead: 0,
    });
    rx.fallback = { status: 200, body: "ok" };
    const retried = await retryDelivery(p, { userId }, row.id, opts());
    expect(retried.status).toBe("delivered");
    expect(retried.log.map((a) => a.statusCode)).toEqual([500, 500, 500, 500, 200]);
    await expect(retryDelivery(p, { userId }, row.id, opts())).rejects.toMatchObject({ code: "conflict" });
    // Another owner cannot see or retry it.
    await expect(retryDelivery(p, { userId: await createUser(p) }, row.id, opts())).rejects.toMatchObject({
      code: "not_found",
    });
  });

  it("gives up on a delivery whose final attempt's lease expired, without sending again", async () => {
    const { endpoint: ep } = await endpoint();
    await emitWebhookEvent(p, { type: "balance.low", userId, key: "lease", data: {} });
    const past = new Date(Date.now() - 60_000);
    await p.webhookDelivery.updateMany({
      where: { endpointId: ep.id },
      data: { status: "sending", attempts: 4, lockedUntil: past },
    });
    expect(await deliverWebhooks(p, opts())).toEqual({ delivered: 0, failed: 0, dead: 1 });
    expect(rx.received).toHaveLength(0);
    expect((await p.webhookDelivery.findFirstOrThrow()).status).toBe("dead");
  });

  it("times out a slow receiver and refuses a redirect to a private or link-local address", async () => {
    const { endpoint: ep } = await endpoint();
    rx.replies.push({ delayMs: 1_500 }, { status: 302, location: "http://169.254.169.254/latest/meta-data" });
    const slow = await sendTestEvent(
      p,
      { userId },
      ep.id,
      opts({ http: { allowLoopback: true, totalTimeoutMs: 300 } }),
    );
    expect(slow.status).toBe("failed");
    expect(slow.log[0]?.error).toMatch(/timed out/);
    const redirected = await sendTestEvent(p, { userId }, ep.id, opts());
    expect(redirected.status).toBe("failed");
    expect(redirected.log[0]).toMatchObject({ statusCode: 302 });
    expect(redirected.log[0]?.error).toMatch(/private or reserved/);
    expect(rx.received).toHaveLength(2);
  });

  it("disables an endpoint failing for N days and mails its owner; enabling it sends what waited", async () => {
    const { endpoint: ep } = await endpoint();
    rx.fallback = { status: 500 };
    const t0 = new Date();
    await emitWebhookEvent(p, { type: "balance.low", userId, key: "a", data: {}, now: t0 });
    await deliverWebhooks(p, opts({ now: t0 }));
    await emitWebhookEvent(p, { type: "balance.low", userId, key: "b", data: {}, now: t0 });
    await deliverWebhooks(p, opts({ now: new Date(t0.getTime() + 4 * DAY), random: () => 0 }));
    expect((await p.webhookEndpoint.findUniqueOrThrow({ where: { id: ep.id } })).enabled).toBe(true);
    await deliverWebhooks(p, opts({ now: new Date(t0.getTime() + 5 * DAY), random: () => 0 }));
    const disabled = await p.webhookEndpoint.findUniqueOrThrow({ where: { id: ep.id } });
    expect(disabled).toMatchObject({ enabled: false });
    expect(disabled.disabledReason).toMatch(/5 days/);
    expect(await p.emailOutbox.count({ where: { userId } })).toBe(1);
    // Disabled: nothing is claimed.
    rx.fallback = { status: 200 };
    expect(await deliverWebhooks(p, opts({ now: new Date(t0.getTime() + 6 * DAY) }))).toMatchObject({
      delivered: 0,
    });
    await updateEndpoint(p, { userId }, { userId }, ep.id, { enabled: true });
    expect((await p.webhookEndpoint.findUniqueOrThrow({ where: { id: ep.id } })).failingSince).toBeNull();
    expect(await deliverWebhooks(p, opts({ now: new Date(t0.getTime() + 6 * DAY) }))).toMatchObject({
      delivered: 2,
    });
  });

  it("signs with both secrets after a rotation, so receivers on either verify", async () => {
    const { endpoint: ep } = await endpoint();
    const rotated = await rotateSecret(p, { userId }, { userId }, ep.id);
    rx.secrets.push(rotated.secret);
    await sendTestEvent(p, { userId }, ep.id, opts());
    expect(rx.received[0]?.verifiedWith).toEqual([0, 1]);
    expect(rx.received[0]?.headers["webhook-signature"]?.split(" ")).toHaveLength(2);
  });

  it("never sends a row twice with parallel workers", async () => {
    await endpoint();
    for (let i = 0; i < 12; i++)
      await emitWebhookEvent(p, { type: "balance.low", userId, key: `p${i}`, data: {} });
    const results = await Promise.all([1, 2, 3, 4].map(() => deliverWebhooks(p, opts({ limit: 5 }))));
    expect(results.reduce((n, r) => n + r.delivered, 0)).toBe(12);
    expect(rx.received).toHaveLength(12);
    expect(new Set(rx.received.map((r) => r.headers["webhook-id"])).size).toBe(12);
  });
});
