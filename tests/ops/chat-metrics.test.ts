// The chat turn records what the SLOs and alerts read (docs/slo.md, ops/prometheus/alerts.yml):
// time to first token and pre-stream overhead by model, turns by outcome, PT reserved, settled and
// released, and the database state gauges served by /api/metrics. Driven through POST /api/chat
// against a real database and the fake provider over real HTTP.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { metrics } from "@/lib/observability/metrics";
import { refreshStateGauges } from "@/lib/observability/state-gauges";
import type { FakeProvider } from "@/tests/fakes/openai-compatible-server";
import { startFakeProvider } from "@/tests/fakes/openai-compatible-server";
import { createTestDatabase, type TestDatabase } from "@/tests/helpers/db";
import { chatRequest, createUser, ctx, grant, readAll, wireFakeProvider } from "../chat/helpers";

const state = vi.hoisted(() => ({ userId: "", prisma: null as unknown }));
vi.mock("@/lib/auth/principal", () => ({
  resolveUser: async () => ({
    kind: "user",
    userId: state.userId,
    emailVerified: true,
    role: "USER",
    status: "active",
    twoFactorEnabled: false,
  }),
  resolveGuest: async () => null,
}));
vi.mock("@/lib/db", async (importOriginal) => ({
  ...(await importOriginal<object>()),
  getDb: async () => state.prisma,
}));

const { POST: chatPOST } = await import("@/app/api/chat/route");

async function value(name: string, labels: Record<string, string> = {}, suffix = ""): Promise<number> {
  const data = await metrics().registry.getSingleMetric(name)?.get();
  const found = data?.values.find(
    (v) =>
      (suffix === "" || String((v as { metricName?: string }).metricName).endsWith(suffix)) &&
      Object.entries(labels).every(([k, val]) => v.labels[k] === val),
  );
  return found?.value ?? 0;
}

describe("chat metrics", () => {
  let db: TestDatabase;
  let p: PrismaClient;
  let fake: FakeProvider;

  beforeAll(async () => {
    db = await createTestDatabase();
    p = db.prisma;
    state.prisma = p;
    fake = await startFakeProvider();
    await wireFakeProvider(p, fake);
    state.userId = await createUser(p);
    await grant(p, { kind: "user", userId: state.userId }, 1_000_000n);
  });
  afterAll(async () => {
    await fake.close();
    await db.cleanup();
  });

  it("observes time to first token, pre-stream time, the outcome and the PT of a turn", async () => {
    const ttft = () => value("chat_time_to_first_token_seconds", { model: "fake-model" }, "_count");
    const pre = () => value("chat_pre_stream_overhead_seconds", { model: "fake-model" }, "_count");
    const turns = (outcome: string) => value("chat_turns_total", { model: "fake-model", outcome });
    const [ttft0, pre0, complete0] = [await ttft(), await pre(), await turns("complete")];
    const [reserved0, settled0, released0] = [
      await value("ledger_pt_reserved_total"),
      await value("ledger_pt_settled_total"),
      await value("ledger_pt_released_total"),
    ];

    const response = await chatPOST(chatRequest({ model: "fake-model", message: "hello there" }), ctx());
    expect(response.status).toBe(200);
    const { last } = await readAll(response);
    const meta = last?.type === "finish" ? last.messageMetadata : undefined;
    const charged = Number(meta?.ptCharged ?? Number.NaN);
    expect(charged).toBeGreaterThan(0);

    expect(await ttft()).toBe(ttft0 + 1);
    expect(await pre()).toBe(pre0 + 1);
    expect(await turns("complete")).toBe(complete0 + 1);
    const reserved = (await value("ledger_pt_reserved_total")) - reserved0;
    expect((await value("ledger_pt_settled_total")) - settled0).toBe(charged);
    // Everything reserved is either charged or released.
    expect((await value("ledger_pt_released_total")) - released0).toBe(reserved - charged);
  });

  it("counts a provider failure as an error turn with nothing charged and no first token", async () => {
    const errors0 = await value("chat_turns_total", { model: "fake-down", outcome: "error" });
    const ttft0 = await value("chat_time_to_first_token_seconds", { model: "fake-down" }, "_count");
    const response = await chatPOST(chatRequest({ model: "fake-down", message: "hello" }), ctx());
    await readAll(response);
    expect(await value("chat_turns_total", { model: "fake-down", outcome: "error" })).toBe(errors0 + 1);
    expect(await value("chat_time_to_first_token_seconds", { model: "fake-down" }, "_count")).toBe(ttft0);
  });

  it("reads open holds, stale holds, dead webhooks and the email backlog from the database", async () => {
    const account = await p.ledgerAccount.findFirstOrThrow({ where: { ownerId: state.userId } });
    const before = await refreshStateGauges(p);
    const past = new Date(Date.now() - 60 * 60 * 1000);
    await p.$executeRaw`UPDATE "LedgerAccount" SET pending = pending + 30 WHERE id = ${account.id}::uuid`;
    await p.ledgerHold.createMany({
      data: [
        { id: randomUUID(), key: `m:${randomUUID()}`, accountId: account.id, amount: 10n, expiresAt: past },
        {
          id: randomUUID(),
          key: `m:${randomUUID()}`,
          accountId: account.id,
          amount: 20n,
          expiresAt: new Date(Date.now() + 60_000),
        },
      ],
    });
    await p.stripeEvent.create({
      data: {
        id: `evt_${randomUUID()}`,
        type: "invoice.paid",
        payload: {},
        stripeCreated: past,
        status: "dead",
      },
    });
    await p.emailOutbox.create({ data: { to: "a@test.local", template: "welcome", data: {} } });

    const after = await refreshStateGauges(p);
    expect(after.holds_open - before.holds_open).toBe(2);
    expect(after.holds_open_pt - before.holds_open_pt).toBe(30);
    expect(after.holds_stale - before.holds_stale).toBe(1);
    expect(after.webhooks_dead - before.webhooks_dead).toBe(1);
    expect(after.email_pending - before.email_pending).toBe(1);
    expect(await value("ledgerchat_state", { name: "holds_stale" })).toBe(after.holds_stale);
  });
});
