// A new price row and its price.changed outbox rows commit together even when addPrice is given
// the client (the price sync, the seed), not a transaction: if writing the event fails, no row is
// left in force without its event.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { createEndpoint } from "@/lib/webhooks-out/endpoints";
import { createUser } from "@/tests/chat/helpers";
import { createTestDatabase, type TestDatabase } from "@/tests/helpers/db";

const fault = vi.hoisted(() => ({ on: false }));
vi.mock("@/lib/webhooks-out/emit", async (importOriginal) => {
  const real = await importOriginal<typeof import("@/lib/webhooks-out/emit")>();
  return {
    ...real,
    emitWebhookEvent: async (...args: Parameters<typeof real.emitWebhookEvent>) => {
      const result = await real.emitWebhookEvent(...args);
      if (fault.on) throw new Error("injected: the process died after the outbox write");
      return result;
    },
  };
});

const { addPrice } = await import("@/lib/pricing/prices");

describe("price.changed outbox", () => {
  let db: TestDatabase;
  let p: PrismaClient;
  beforeAll(async () => {
    db = await createTestDatabase();
    p = db.prisma;
    const userId = await createUser(p);
    await createEndpoint(
      p,
      { userId },
      { userId: null },
      { url: "http://127.0.0.1:9/hook", events: ["price.changed"] },
    );
  });
  afterAll(async () => db.cleanup());

  const row = (model: string) => ({
    model,
    provider: "openai",
    tier: "free" as const,
    ptPerMInput: 100n,
    ptPerMOutput: 200n,
    costMicroUsdPerMInput: 1_000n,
    costMicroUsdPerMOutput: 2_000n,
  });

  it("a failure after the event is written leaves neither the row nor the event", async () => {
    fault.on = true;
    await expect(addPrice(p, row("outbox-fail"))).rejects.toThrow(/injected/);
    fault.on = false;
    expect(await p.modelPrice.count({ where: { model: "outbox-fail" } })).toBe(0);
    expect(await p.webhookDelivery.count({ where: { eventType: "price.changed" } })).toBe(0);
  });

  it("inside a caller's transaction that rolls back, neither the row nor the event stays", async () => {
    await expect(
      p.$transaction(async (tx) => {
        await addPrice(tx, row("outbox-caller"));
        throw new Error("the caller gives up");
      }),
    ).rejects.toThrow(/gives up/);
    expect(await p.modelPrice.count({ where: { model: "outbox-caller" } })).toBe(0);
    expect(await p.webhookDelivery.count({ where: { eventType: "price.changed" } })).toBe(0);
  });

  it("a new row writes its event once", async () => {
    const { created } = await addPrice(p, row("outbox-ok"));
    expect(created).toBe(true);
    expect(await p.modelPrice.count({ where: { model: "outbox-ok" } })).toBe(1);
    expect(await p.webhookDelivery.count({ where: { eventType: "price.changed" } })).toBe(1);
  });
});
