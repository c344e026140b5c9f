// The app's events reach the outbox in the transaction of their cause: a dispute, an API key, a
// price row, a reconciliation run; a cause that fails or repeats writes no (second) delivery.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createKey } from "@/lib/api/keys";
import { createDispute } from "@/lib/disputes/create-dispute";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { addPrice } from "@/lib/pricing/prices";
import { notifyReconciliation } from "@/lib/reconciliation/notify";
import { createEndpoint } from "@/lib/webhooks-out/endpoints";
import { WEBHOOK_EVENT_TYPES } from "@/lib/webhooks-out/events";
import { chargedMessage } from "@/tests/admin/helpers";
import { createUser } from "@/tests/chat/helpers";
import { createTestDatabase, type TestDatabase, truncateAll } from "@/tests/helpers/db";

describe("events written with their cause", () => {
  let db: TestDatabase;
  let p: PrismaClient;
  let userId: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    p = db.prisma;
  });
  afterAll(async () => db.cleanup());
  beforeEach(async () => {
    await truncateAll(p);
    userId = await createUser(p, { plan: "pro" });
    const url = "http://127.0.0.1:9/hook";
    await createEndpoint(p, { userId }, { userId: null }, { url, events: [...WEBHOOK_EVENT_TYPES] });
    await createEndpoint(p, { userId }, { userId }, { url, events: ["dispute.created", "api_key.created"] });
  });

  const deliveries = (type: string) =>
    p.webhookDelivery.findMany({
      where: { eventType: type },
      select: { payload: true, endpoint: { select: { userId: true } } },
    });

  it("dispute.created: to the user's and the operator's endpoints; a refused duplicate writes none", async () => {
    const { message } = await chargedMessage(p, userId);
    await createDispute(p, { userId, itemType: "message", itemId: message.id, reason: "wrong answer" });
    const rows = await deliveries("dispute.created");
    expect(rows.map((r) => r.endpoint.userId).sort()).toEqual([null, userId].sort());
    expect(rows[0]?.payload).toMatchObject({
      type: "dispute.created",
      data: { itemId: message.id, status: "open" },
    });
    await expect(
      createDispute(p, { userId, itemType: "message", itemId: message.id, reason: "again" }),
    ).rejects.toMatchObject({ code: "conflict" });
    expect(await p.webhookDelivery.count({ where: { eventType: "dispute.created" } })).toBe(2);
  });

  it("api_key.created with the key's transaction; a refused key writes none", async () => {
    const { key } = await createKey(p, { userId }, { name: "ci" });
    const rows = await deliveries("api_key.created");
    expect(rows).toHaveLength(2);
    expect(JSON.stringify(rows[0]?.payload)).toContain(key.id);
    await expect(
      createKey(p, { userId }, { name: "big", requestsPerMinute: 1_000_000 }),
    ).rejects.toBeTruthy();
    expect(await p.webhookDelivery.count({ where: { eventType: "api_key.created" } })).toBe(2);
  });

  it("price.changed once per new price row, to operator endpoints only", async () => {
    const row = {
      provider: "openai",
      model: "hook-model",
      ptPerMInput: 100n,
      ptPerMOutput: 200n,
      costMicroUsdPerMInput: 1n,
      costMicroUsdPerMOutput: 1n,
      tier: "pro" as const,
      effectiveFrom: new Date("2030-01-01Z"),
    };
    await addPrice(p, row);
    await addPrice(p, row);
    const rows = await deliveries("price.changed");
    expect(rows.map((r) => r.endpoint.userId)).toEqual([null]);
    expect(rows[0]?.payload).toMatchObject({ data: { price: { model: "hook-model", ptPerMInput: "100" } } });
  });

  it("reconciliation.failed and margin.alert from a run's issues, once per run", async () => {
    const notice = {
      runId: "00000000-0000-4000-8000-000000000001",
      day: "2030-01-01",
      issues: [
        { severity: "error" as const, kind: "entries_unbalanced", message: "tx 1 sums to 3", refs: {} },
        { severity: "warning" as const, kind: "margin_below_threshold", message: "margin 10%", refs: {} },
      ],
    };
    await notifyReconciliation(p, notice);
    await notifyReconciliation(p, notice);
    expect(await deliveries("reconciliation.failed")).toHaveLength(1);
    expect(await deliveries("margin.alert")).toHaveLength(1);
  });
});
