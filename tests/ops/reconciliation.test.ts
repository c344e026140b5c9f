// Nightly reconciliation on seeded days: a clean day reports no errors; each injected fault is
// reported with its severity; a missing credit is healed exactly once across two runs.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { grantCredits } from "@/lib/ledger/grants";
import { reserve } from "@/lib/ledger/holds";
import { utcDay } from "@/lib/periods";
import type { ReconciliationNotice } from "@/lib/reconciliation/notify";
import { runReconciliation } from "@/lib/reconciliation/run";
import type { Issue } from "@/lib/reconciliation/types";
import { createTestDatabase, type TestDatabase } from "@/tests/helpers/db";
import { applyPayment, fakeStripe, settleUsage, stripePayment, user } from "@/tests/ops/recon-fixtures";

const kinds = (issues: Issue[], severity?: Issue["severity"]) =>
  issues.filter((i) => !severity || i.severity === severity).map((i) => i.kind);

describe("nightly reconciliation", () => {
  let db: TestDatabase;
  const notices: ReconciliationNotice[] = [];
  const notify = async (_db: unknown, notice: ReconciliationNotice) => {
    notices.push(notice);
  };
  // A fresh database per test: the ledger caches system account ids per client, so truncating
  // under a live client would leave it pointing at deleted accounts.
  beforeEach(async () => {
    db = await createTestDatabase();
  });
  afterEach(async () => {
    await db?.cleanup();
  });

  /**
   * A normal day: a $5 top-up of 50,000 PT (100 µUSD per PT) credited by its webhook, usage at a
   * 70% margin on two providers, and free (promo) usage whose cost is reported but never alerts.
   */
  async function seedCleanDay() {
    const p = db.prisma;
    const alice = user();
    const paid = stripePayment(alice.userId, 50_000n, 500n);
    await applyPayment(p, paid);
    await p.modelPrice.create({
      data: {
        provider: "anthropic",
        model: "claude-x",
        ptPerMInput: 300n,
        ptPerMOutput: 1500n,
        costMicroUsdPerMInput: 3n,
        costMicroUsdPerMOutput: 15n,
        tier: "pro",
        effectiveFrom: new Date("2026-01-01T00:00:00Z"),
      },
    });
    // 1,000 PT sold at 100 µUSD = 100,000 µUSD of revenue; 30,000 µUSD cost → 70% margin.
    await settleUsage(p, {
      account: alice,
      model: "gpt-x",
      provider: "openai",
      pt: 1_000n,
      costMicroUsd: 30_000n,
    });
    await settleUsage(p, { account: alice, model: "claude-x", pt: 2_000n, costMicroUsd: 60_000n });
    const carol = user();
    await grantCredits(p, { account: carol, amount: 1_000n, source: "promo", key: `promo:${carol.userId}` });
    await settleUsage(p, {
      account: carol,
      model: "gpt-x",
      provider: "openai",
      pt: 500n,
      costMicroUsd: 15_000n,
    });
    return { alice, payments: [paid] };
  }

  it("reports no errors or warnings on a clean day, with revenue, cost and margin per model and provider", async () => {
    const { payments } = await seedCleanDay();
    const stripe = fakeStripe(db.prisma, payments);
    const day = utcDay(new Date());
    const result = await runReconciliation(db.prisma, { day, payments: stripe, providers: [], notify });
    expect(result.issues).toEqual([]);
    expect(result.counts).toEqual({ errors: 0, warnings: 0, infos: 0 });
    expect(stripe.healCalls).toEqual([]);
    const usage = (result.summary as { usage: { total: unknown; byProvider: { key: string }[] } }).usage;
    expect(usage.total).toMatchObject({
      messages: 3,
      pt: "3500",
      paidPt: "3000",
      freePt: "500",
      revenueMicroUsd: "300000",
      costMicroUsd: "105000",
      paidCostMicroUsd: "90000",
      freeCostMicroUsd: "15000",
      marginBps: 7000,
    });
    expect(usage.byProvider.map((l) => l.key)).toEqual(["anthropic", "openai"]);
    expect((result.summary as { payments: unknown }).payments).toMatchObject({ checked: true, matched: 1 });
    const stored = await db.prisma.reconciliationRun.findUniqueOrThrow({
      where: { id: result.runId },
      include: { issues: true },
    });
    expect(stored).toMatchObject({ errors: 0, warnings: 0, healed: 0, issues: [] });
    expect(stored.day.toISOString().slice(0, 10)).toBe(day);
    expect(notices).toHaveLength(0);
  });

  it("reports each injected fault with its severity and heals the missing credit exactly once", async () => {
    const p = db.prisma;
    const { alice, payments } = await seedCleanDay();
    const bob = user();

    // 1. A payment whose webhook never arrived: no credit in the ledger.
    const lost = stripePayment(bob.userId, 20_000n, 200n, "pi_lost");
    // 2. A credit naming a payment Stripe never saw.
    await applyPayment(p, stripePayment(bob.userId, 7_000n, 70n, "pi_ghost"));
    // 3. A corrupted projection: posted edited by hand.
    const { id: aliceAccount } = await p.ledgerAccount.findFirstOrThrow({ where: { ownerId: alice.userId } });
    await p.$executeRaw`UPDATE "LedgerAccount" SET posted = posted + 7 WHERE id = ${aliceAccount}::uuid`;
    // 4. A hold that expired two hours ago and was never swept.
    const stale = await reserve(p, {
      account: alice,
      amount: 10n,
      key: "msg:stale",
      ttlSeconds: 60,
      now: new Date(Date.now() - 2 * 3_600_000),
    });
    // 5. A model sold at a 20% margin (threshold 40%).
    await settleUsage(p, {
      account: bob,
      model: "cheap-x",
      provider: "acme",
      pt: 1_000n,
      costMicroUsd: 80_000n,
    });

    const stripe = fakeStripe(p, [...payments, lost]);
    const day = utcDay(new Date());
    const first = await runReconciliation(p, {
      day,
      payments: stripe,
      providers: [],
      thresholdPercent: 40,
      notify,
    });
    const find = (kind: string) => first.issues.filter((i) => i.kind === kind);

    expect(find("payment_credit_missing_healed")).toEqual([
      expect.objectContaining({
        severity: "warning",
        refs: expect.objectContaining({ paymentId: "pi_lost" }),
      }),
    ]);
    expect(find("credit_without_payment")).toEqual([
      expect.objectContaining({
        severity: "error",
        refs: expect.objectContaining({ paymentId: "pi_ghost" }),
      }),
    ]);
    expect(find("posted_mismatch")).toEqual([
      expect.objectContaining({ severity: "error", refs: { accountId: aliceAccount } }),
    ]);
    expect(find("hold_stale")).toEqual([
      expect.objectContaining({ severity: "error", refs: expect.objectContaining({ holdId: stale.holdId }) }),
    ]);
    expect(
      find("margin_below_threshold").map((i) => [i.severity, i.refs.scope, i.refs.model ?? i.refs.provider]),
    ).toEqual([
      ["warning", "model", "cheap-x"],
      ["warning", "provider", "acme"],
    ]);
    // Nothing else is wrong: every other issue is one of the above (the projection also breaks grants).
    expect(new Set(kinds(first.issues))).toEqual(
      new Set([
        "payment_credit_missing_healed",
        "credit_without_payment",
        "posted_mismatch",
        "grants_mismatch",
        "hold_stale",
        "margin_below_threshold",
      ]),
    );
    expect(first.healed).toBe(1);
    expect(stripe.healCalls).toEqual(["pi_lost"]);
    expect(notices.at(-1)?.runId).toBe(first.runId);

    const second = await runReconciliation(p, {
      day,
      payments: stripe,
      providers: [],
      thresholdPercent: 40,
      notify,
    });
    expect(second.healed).toBe(0);
    expect(kinds(second.issues)).not.toContain("payment_credit_missing_healed");
    expect(stripe.healCalls).toEqual(["pi_lost"]);
    const credits = await p.ledgerTransaction.count({ where: { idempotencyKey: "purchase:pi_lost" } });
    expect(credits).toBe(1);
    const bobGrants = await p.ledgerGrant.findMany({
      where: {
        source: "purchase",
        transactionId: {
          in: (
            await p.ledgerTransaction.findMany({
              where: { idempotencyKey: "purchase:pi_lost" },
              select: { id: true },
            })
          ).map((t) => t.id),
        },
      },
    });
    expect(bobGrants.map((g) => g.amount)).toEqual([20_000n]);

    const stored = await p.reconciliationIssue.groupBy({
      by: ["runId", "severity"],
      _count: true,
      where: { runId: first.runId },
    });
    const errors = stored.find((s) => s.severity === "error")?._count;
    expect(errors).toBe(first.counts.errors);
  });

  it("treats a hold just past expiry as sweeper lag (warning), not an error", async () => {
    const p = db.prisma;
    const carol = user();
    await applyPayment(p, stripePayment(carol.userId, 1_000n, 10n));
    await reserve(p, {
      account: carol,
      amount: 5n,
      key: "msg:lag",
      ttlSeconds: 60,
      now: new Date(Date.now() - 90_000),
    });
    const result = await runReconciliation(p, { day: utcDay(new Date()), providers: [], notify });
    expect(result.issues.map((i) => [i.kind, i.severity])).toEqual([["hold_past_expiry", "warning"]]);
    expect((result.summary as { payments: unknown }).payments).toEqual({ checked: false });
    expect(notices.map((n) => n.runId)).not.toContain(result.runId);
  });

  it("compares configured provider figures with our recorded cost", async () => {
    const p = db.prisma;
    await seedCleanDay(); // openai: 45,000 µUSD recorded
    const result = await runReconciliation(p, {
      day: utcDay(new Date()),
      notify,
      providers: [
        { provider: "openai", costMicroUsd: async () => 5_000_000n },
        {
          provider: "anthropic",
          costMicroUsd: async () => {
            throw new Error("HTTP 503");
          },
        },
      ],
    });
    expect(result.issues.map((i) => [i.kind, i.severity, i.refs.provider])).toEqual([
      ["provider_cost_mismatch", "error", "openai"],
      ["provider_cost_unavailable", "warning", "anthropic"],
    ]);
    expect((result.summary as { providers: unknown }).providers).toEqual([
      { provider: "openai", ours: "45000", theirs: "5000000" },
    ]);
  });

  it("values PT by what they were sold for: paid, estimated at list price, or free", async () => {
    const p = db.prisma;
    const dave = user();
    // A paid plan allowance: 10,000 PT for $20 (2,000 µUSD per PT), drawn first.
    await grantCredits(p, {
      account: dave,
      amount: 10_000n,
      source: "allowance",
      key: `allowance:${dave.userId}`,
      metadata: { paymentId: "in_plan", amountMinor: "2000", currency: "usd" },
    });
    // A purchase whose amount billing did not record: valued at list price (10 µUSD per PT).
    await grantCredits(p, { account: dave, amount: 5_000n, source: "purchase", key: `buy:${dave.userId}` });
    await settleUsage(p, {
      account: dave,
      model: "m",
      provider: "openai",
      pt: 10_500n,
      costMicroUsd: 1_050_000n,
    });
    const result = await runReconciliation(p, { day: utcDay(new Date()), providers: [], notify });
    const total = (result.summary as { usage: { total: Record<string, unknown> } }).usage.total;
    // 10,000 × 2,000 + 500 × 10 µUSD.
    expect(total).toMatchObject({ paidPt: "10000", estimatedPt: "500", revenueMicroUsd: "20005000" });
    expect(result.issues.map((i) => [i.kind, i.severity])).toEqual([["revenue_estimated", "info"]]);
  });
});
