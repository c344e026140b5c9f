// Account deletion's edge cases: a Stripe customer already gone does not fail the erasure; the
// Stripe customer is deleted only once the erasure is claimed (a deletion cancelled by signing in
// keeps it); API keys are paused while the deletion is pending and restored when it is cancelled
// (keys the user had revoked stay revoked); the account's subscriptions end with it, in test mode
// too (no Stripe to cancel them).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authenticateKey } from "@/lib/api/authenticate";
import { revokeKey } from "@/lib/api/keys";
import { resetStripeForTests } from "@/lib/billing/stripe-client";
import { runCronJob } from "@/lib/cron/run-job";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { checkLedgerInvariants } from "@/lib/ledger/invariants";
import { eraseAccount, eraseDueAccounts } from "@/lib/privacy/erase";
import { scheduleDeletion } from "@/lib/privacy/request-deletion";
import { newKey } from "@/tests/api/helpers";
import { installAppDb, sessionCookie, setupAuthEnv } from "@/tests/auth/helpers";
import { PRICES, useFakeStripeEnv, useTestModeEnv } from "@/tests/billing/helpers";
import { freshCaches } from "@/tests/compliance/helpers";
import { FakeStripe } from "@/tests/fakes/stripe-server";
import { createTestDatabase, type TestDatabase } from "@/tests/helpers/db";
import { richUser } from "./helpers";

const pastDue = (date: Date) => new Date(date.getTime() + 60_000);

describe("account deletion: edge cases", () => {
  let db: TestDatabase;
  let p: PrismaClient;
  const fake = new FakeStripe({ [PRICES.small]: { amount: 500, currency: "usd", recurring: false } });

  beforeAll(async () => {
    setupAuthEnv();
    db = await createTestDatabase();
    p = db.prisma;
    installAppDb(p);
    await fake.start();
  });
  afterAll(async () => {
    useTestModeEnv();
    await fake.stop();
    await db.cleanup();
  });

  it("a Stripe customer deleted before the erasure does not fail it", async () => {
    useFakeStripeEnv(fake.url);
    resetStripeForTests();
    freshCaches();
    const user = await richUser(p);
    await p.billingCustomer.create({ data: { userId: user.id, stripeCustomerId: "cus_fake_gone" } });
    const { dueAt } = await scheduleDeletion(p, { userId: user.id });
    const run = await runCronJob(p, "data-cleanup", { now: pastDue(dueAt) });
    expect(run).toMatchObject({ outcome: "succeeded", stats: { accountsErased: 1 } });
    expect(fake.calls("DELETE", "/v1/customers/cus_fake_gone")).toHaveLength(1);
    expect(await p.user.findUniqueOrThrow({ where: { id: user.id } })).toMatchObject({ status: "deleted" });
    const request = await p.privacyRequest.findFirstOrThrow({ where: { userId: user.id } });
    expect(request).toMatchObject({ status: "completed", stats: { stripeCustomer: "already_deleted" } });
    expect(await checkLedgerInvariants(p)).toEqual([]);
  });

  it("the Stripe customer is deleted only once the erasure is claimed: a cancelled deletion keeps it", async () => {
    useFakeStripeEnv(fake.url);
    resetStripeForTests();
    freshCaches();
    const user = await richUser(p);
    const customer = "cus_fake_keep";
    fake.customers.set(customer, { id: customer, object: "customer", email: user.email });
    await p.billingCustomer.create({ data: { userId: user.id, stripeCustomerId: customer } });
    const scheduled = await scheduleDeletion(p, { userId: user.id });
    // The erasure job listed the request, then the user signed in (cancelling it) before the claim.
    await sessionCookie(p, user.id);
    const erased = await eraseAccount(p, {
      id: scheduled.requestId,
      userId: user.id,
      now: pastDue(scheduled.dueAt),
    });
    expect(erased).toBeNull();
    expect(fake.calls("DELETE", `/v1/customers/${customer}`)).toHaveLength(0);
    expect(fake.customers.has(customer)).toBe(true);
    expect(await p.user.findUniqueOrThrow({ where: { id: user.id } })).toMatchObject({ status: "active" });
  });

  it("API keys are paused while the deletion is pending and restored when it is cancelled", async () => {
    useTestModeEnv();
    freshCaches();
    const user = await richUser(p);
    const live = await newKey(p, user.id, { name: "live" });
    const revoked = await newKey(p, user.id, { name: "old" });
    await revokeKey(p, { userId: user.id }, revoked.id);
    await expect(authenticateKey(p, `Bearer ${live.secret}`)).resolves.toMatchObject({ keyId: live.id });

    await scheduleDeletion(p, { userId: user.id });
    await expect(authenticateKey(p, `Bearer ${live.secret}`)).rejects.toMatchObject({
      code: "forbidden",
      details: { reason: "account_deletion_pending" },
    });

    await sessionCookie(p, user.id); // signing in cancels the deletion
    await expect(authenticateKey(p, `Bearer ${live.secret}`)).resolves.toMatchObject({ keyId: live.id });
    await expect(authenticateKey(p, `Bearer ${revoked.secret}`)).rejects.toMatchObject({
      code: "unauthorized",
    });
  });

  it("the account's subscriptions end with it, in test mode too", async () => {
    useTestModeEnv();
    freshCaches();
    const user = await richUser(p);
    const customer = `cus_test_${user.id.replaceAll("-", "").slice(0, 24)}`;
    await p.billingCustomer.create({ data: { userId: user.id, stripeCustomerId: customer } });
    await p.billingSubscription.create({
      data: {
        id: `sub_test_local_${user.id.replaceAll("-", "")}`,
        userId: user.id,
        stripeCustomerId: customer,
        plan: "pro",
        status: "active",
        currentPeriodEnd: new Date(Date.now() + 20 * 86_400_000),
      },
    });
    await p.user.update({ where: { id: user.id }, data: { plan: "pro" } });
    const { dueAt } = await scheduleDeletion(p, { userId: user.id });
    expect((await eraseDueAccounts(p, { now: pastDue(dueAt) })).erased).toBe(1);
    const subscriptions = await p.billingSubscription.findMany({ where: { userId: user.id } });
    expect(subscriptions.map((s) => [s.status, s.cancelAtPeriodEnd])).toEqual([["canceled", false]]);
    expect(await p.user.findUniqueOrThrow({ where: { id: user.id } })).toMatchObject({ plan: "free" });
  });
});
