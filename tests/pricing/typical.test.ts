// The typical message of a model: nominal (200 in, 400 out at the current price) until the model
// has 20 completed messages in the last 30 days, then their median charge; stopped, failed, older
// and other models' messages do not count. The picker, the pricing page and the plans API agree.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { catalog } from "@/lib/billing/catalog";
import { standardTypicalMessage } from "@/lib/chat/models";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { costOf, currentPrices, getPrice } from "@/lib/pricing/prices";
import { seedPrices } from "@/lib/pricing/seed-prices";
import { forgetTypicalMessages, TYPICAL_MESSAGE, typicalMessages } from "@/lib/pricing/typical";
import { createTestDatabase, type TestDatabase } from "@/tests/helpers/db";

describe("typical message", () => {
  let db: TestDatabase;
  let p: PrismaClient;
  let conversationId: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    p = db.prisma;
    await seedPrices(p);
    const user = await p.user.create({ data: { email: `t-${randomUUID()}@example.com` } });
    conversationId = (await p.conversation.create({ data: { userId: user.id, title: "t", model: "demo" } }))
      .id;
  });
  afterAll(async () => {
    await db.cleanup();
  });
  beforeEach(() => forgetTypicalMessages());

  async function replies(
    charges: bigint[],
    extra: { status?: "complete" | "aborted"; model?: string; daysAgo?: number } = {},
  ) {
    const settledAt = new Date(Date.now() - (extra.daysAgo ?? 0) * 86_400_000);
    await p.message.createMany({
      data: charges.map((pt) => ({
        conversationId,
        role: "assistant" as const,
        content: "x",
        model: extra.model ?? "demo",
        status: extra.status ?? "complete",
        ptCharged: pt,
        settledAt,
      })),
    });
  }

  it("is nominal below 20 recent messages, then the median charge of the completed ones", async () => {
    const demo = await getPrice(p, { model: "demo" });
    const nominal = costOf(demo, TYPICAL_MESSAGE).pt;
    await replies(Array.from({ length: 19 }, () => 7n));
    // Noise that must not count: stopped replies, old replies, another model's.
    await replies(
      Array.from({ length: 30 }, () => 500n),
      { status: "aborted" },
    );
    await replies(
      Array.from({ length: 30 }, () => 900n),
      { daysAgo: 31 },
    );
    await replies(
      Array.from({ length: 30 }, () => 800n),
      { model: "gpt-4o" },
    );
    expect((await typicalMessages(p, [demo])).get("demo")).toEqual({ pt: nominal, measured: false });

    forgetTypicalMessages();
    await replies([5n, 9n]);
    // 21 completed: nineteen 7s, a 5 and a 9 → the median is 7.
    expect((await typicalMessages(p, [demo])).get("demo")).toEqual({ pt: 7n, measured: true });
    expect(await standardTypicalMessage(p)).toMatchObject({ model: "demo", pt: 7n, measured: true });
  });

  it("the catalog's rule of thumb and message counts follow from the same figure", async () => {
    const typical = await standardTypicalMessage(p);
    expect(typical).not.toBeNull();
    const prices = await currentPrices(p);
    expect((await typicalMessages(p, prices)).get("demo")?.pt).toBe(typical?.pt);
    const c = catalog(undefined, typical?.pt);
    expect(c.ptPerTypicalMessage).toBe("7");
    expect(c.plans.find((plan) => plan.id === "pro")?.approxMessages).toBe("142,857");
  });
});
