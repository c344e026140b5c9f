// The nightly reconciliation's alerts are written in the run's own transaction: the run, its
// issues, the reconciliation.failed and margin.alert outbox rows, the Slack alert and the admin
// emails commit together, and a run that fails to record leaves none of them behind.
import { randomUUID } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { utcDay } from "@/lib/periods";
import { notifyReconciliation } from "@/lib/reconciliation/notify";
import { runReconciliation } from "@/lib/reconciliation/run";
import { createEndpoint } from "@/lib/webhooks-out/endpoints";
import { createTestDatabase, type TestDatabase } from "@/tests/helpers/db";
import { applyPayment, settleUsage, stripePayment, user } from "@/tests/ops/recon-fixtures";

describe("reconciliation events commit with the run", () => {
  let db: TestDatabase;
  let p: PrismaClient;

  beforeEach(async () => {
    db = await createTestDatabase();
    p = db.prisma;
    const adminId = randomUUID();
    await p.user.create({ data: { id: adminId, email: `${adminId}@test.local`, role: "ADMIN" } });
    const actor = { userId: adminId };
    await createEndpoint(
      p,
      actor,
      { userId: null },
      {
        url: "http://127.0.0.1:9/ops",
        events: ["reconciliation.failed", "margin.alert"],
      },
    );
    await createEndpoint(
      p,
      actor,
      { userId: null },
      { url: "https://hooks.slack.com/services/T/B/x", format: "slack" },
    );
    // A day with an error (usage sold below cost) and a thin margin: both events are due.
    const alice = user();
    await applyPayment(p, stripePayment(alice.userId, 50_000n, 500n)); // 100 µUSD per PT
    await settleUsage(p, {
      account: alice,
      model: "loss",
      provider: "openai",
      pt: 1_000n,
      costMicroUsd: 150_000n,
    });
    await settleUsage(p, {
      account: alice,
      model: "thin",
      provider: "openai",
      pt: 1_000n,
      costMicroUsd: 80_000n,
    });
  });
  afterEach(async () => db?.cleanup());

  const outbox = async () => ({
    runs: await p.reconciliationRun.count(),
    events: (await p.webhookDelivery.findMany({ select: { eventType: true } }))
      .map((d) => d.eventType)
      .sort(),
    mails: await p.emailOutbox.count(),
  });

  it("writes the run, its events, the Slack alert and the admin mail together", async () => {
    const result = await runReconciliation(p, { day: utcDay(new Date()), providers: [] });
    expect(result.counts.errors).toBeGreaterThan(0);
    expect(await outbox()).toEqual({
      runs: 1,
      events: ["admin.alert", "margin.alert", "reconciliation.failed"],
      mails: 1,
    });
  });

  it("a run that fails after its alerts were written rolls them back with it", async () => {
    const failing = async (...args: Parameters<typeof notifyReconciliation>) => {
      await notifyReconciliation(...args);
      throw new Error("injected failure after the alerts");
    };
    await expect(
      runReconciliation(p, { day: utcDay(new Date()), providers: [], notify: failing }),
    ).rejects.toThrow(/injected failure/);
    expect(await outbox()).toEqual({ runs: 0, events: [], mails: 0 });
    // The next attempt (cron retries a failed run) records the run and alerts once.
    await runReconciliation(p, { day: utcDay(new Date()), providers: [] });
    expect(await outbox()).toEqual({
      runs: 1,
      events: ["admin.alert", "margin.alert", "reconciliation.failed"],
      mails: 1,
    });
  });
});
