// Money clicks made several times at once, as a client would: the same test checkout paid five
// times, a Pro→Max upgrade clicked ten times, a checkout opened while a payment is in flight.
// Real routes, a real session cookie, the real webhook route, real Postgres (route-driver.ts).
// Each effect must happen once; the ledger's invariants hold after.
import { describe, expect, it } from "vitest";
import { resetRateLimiterForTests } from "@/lib/ratelimit/limiter";
import { setupTestModeRoutes } from "@/tests/billing/route-driver";

const { prisma, refuseNext, hold, signIn, moneyOf, expectLedgerSound } = setupTestModeRoutes();

describe("paying one test checkout several times at once", () => {
  it("a Pro session paid five times at once: one payment, the others 409 'already closed'", async () => {
    const me = await signIn();
    const sessionId = await me.open({ planId: "pro" });
    const results = await Promise.all(Array.from({ length: 5 }, () => me.pay(sessionId)));
    const statuses = results.map((r) => r.status).sort();
    expect(statuses).toEqual([200, 409, 409, 409, 409]);
    for (const refused of results.filter((r) => r.status === 409)) {
      expect(refused.body.error).toMatchObject({
        code: "conflict",
        message: "This checkout is already closed.",
      });
    }
    expect(await moneyOf(me.userId)).toEqual({
      payments: ["subscription 2000"],
      grants: ["allowance 1000000"],
      subscriptions: 1,
      plan: "pro",
      available: 1_000_000n,
    });
    expect((await prisma().checkoutIntent.findFirstOrThrow({ where: { userId: me.userId } })).status).toBe(
      "completed",
    );
    // Paid and closed: one more click is refused too.
    expect((await me.pay(sessionId)).status).toBe(409);
    await expectLedgerSound();
  });

  it("a top-up session paid five times at once credits its PT once", async () => {
    const me = await signIn();
    const sessionId = await me.open({ packId: "medium" });
    const results = await Promise.all(Array.from({ length: 5 }, () => me.pay(sessionId)));
    expect(results.map((r) => r.status).sort()).toEqual([200, 409, 409, 409, 409]);
    expect(await moneyOf(me.userId)).toEqual({
      payments: ["topup 2000"],
      grants: ["purchase 1100000"],
      subscriptions: 0,
      plan: "free",
      available: 1_100_000n,
    });
    await expectLedgerSound();
  });

  it("a payment whose delivery failed half-way can be retried and re-sends the same events", async () => {
    const me = await signIn();
    const sessionId = await me.open({ planId: "pro" });
    // The subscription event lands, the invoice is refused: the Pay click fails…
    refuseNext.add("invoice.paid");
    const failed = await me.pay(sessionId);
    expect(failed.status).toBe(500);
    expect((await moneyOf(me.userId)).subscriptions).toBe(1);
    // …and a retry completes the same subscription and invoice, not a second one.
    const retried = await me.pay(sessionId);
    expect(retried.status).toBe(200);
    expect(await moneyOf(me.userId)).toEqual({
      payments: ["subscription 2000"],
      grants: ["allowance 1000000"],
      subscriptions: 1,
      plan: "pro",
      available: 1_000_000n,
    });
    await expectLedgerSound();
  });
});

describe("concurrent Pro→Max upgrade clicks in test mode", () => {
  it("ten clicks at once: one switch, one $80 proration charge, +4,000,000 PT once", async () => {
    const me = await signIn();
    expect((await me.pay(await me.open({ planId: "pro" }))).status).toBe(200);
    expect((await moneyOf(me.userId)).available).toBe(1_000_000n);
    const clicks = await Promise.all(Array.from({ length: 10 }, () => me.startCheckout({ planId: "max" })));
    for (const click of clicks) {
      // The same result for a click that joined the switch, or a clear 409 once it is done.
      if (click.status === 200) expect(click.body).toMatchObject({ switched: true });
      else expect(click.status).toBe(409);
    }
    expect(clicks.filter((c) => c.status === 200).length).toBeGreaterThanOrEqual(1);
    expect(await moneyOf(me.userId)).toEqual({
      payments: ["subscription 2000", "subscription 8000"],
      grants: ["allowance 1000000", "allowance 4000000"],
      subscriptions: 1,
      plan: "max",
      available: 5_000_000n,
    });
    await expectLedgerSound();
  });

  it("an upgrade whose invoice delivery failed is resumed by the retry: charged and granted once", async () => {
    const me = await signIn();
    expect((await me.pay(await me.open({ planId: "pro" }))).status).toBe(200);
    refuseNext.add("invoice.paid");
    expect((await me.startCheckout({ planId: "max" })).status).toBe(500);
    // The subscription already shows Max; the retry still completes the same switch.
    const retried = await me.startCheckout({ planId: "max" });
    expect([retried.status, retried.body.switched]).toEqual([200, true]);
    expect((await me.startCheckout({ planId: "max" })).status).toBe(409);
    expect(await moneyOf(me.userId)).toEqual({
      payments: ["subscription 2000", "subscription 8000"],
      grants: ["allowance 1000000", "allowance 4000000"],
      subscriptions: 1,
      plan: "max",
      available: 5_000_000n,
    });
    await expectLedgerSound();
  });
});

describe("another plan checkout while a plan payment is in flight", () => {
  it("is refused with 409, so the user cannot end up paying two subscriptions", async () => {
    const me = await signIn();
    const proSession = await me.open({ planId: "pro" });
    const delivery = hold("customer.subscription.created");
    const paying = me.pay(proSession);
    await delivery.arrived;
    // The Pro payment holds its claim; opening a Max checkout would close it mid-payment.
    const max = await me.startCheckout({ planId: "max" });
    expect(max.status).toBe(409);
    delivery.release();
    expect((await paying).status).toBe(200);
    // Once Pro is paid, Max is a plan switch: one subscription, charged once per step.
    expect((await me.startCheckout({ planId: "max" })).body).toMatchObject({ switched: true });
    expect(await moneyOf(me.userId)).toEqual({
      payments: ["subscription 2000", "subscription 8000"],
      grants: ["allowance 1000000", "allowance 4000000"],
      subscriptions: 1,
      plan: "max",
      available: 5_000_000n,
    });
    await expectLedgerSound();
  });
});

describe("concurrent checkout clicks in test mode", () => {
  it("five clicks on one pack or plan return one session; mixed plan clicks leave one payable", async () => {
    const me = await signIn();
    const choices: Record<string, string>[] = [{ packId: "small" }, { planId: "pro" }];
    for (const choice of choices) {
      const clicks = await Promise.all(Array.from({ length: 5 }, () => me.startCheckout(choice)));
      expect(clicks.map((c) => c.status)).toEqual([200, 200, 200, 200, 200]);
      expect(new Set(clicks.map((c) => c.body.url)).size).toBe(1);
    }
    const mixed = await Promise.all(
      ["pro", "max", "pro", "max", "max"].map((planId) => me.startCheckout({ planId })),
    );
    expect(mixed.every((c) => c.status === 200)).toBe(true);
    const open = await prisma().checkoutIntent.findMany({ where: { userId: me.userId, status: "pending" } });
    expect(open.filter((i) => i.kind === "plan")).toHaveLength(1);
    expect(open.filter((i) => i.kind === "pack").map((i) => i.productId)).toEqual(["small"]);
    // Every plan session but the open one is closed: paying them is refused.
    const sessions = new Set(mixed.map((c) => String(c.body.url).split("/").pop() ?? ""));
    resetRateLimiterForTests(); // 15 clicks so far; the billing limit is 20 a minute
    const paid = await Promise.all([...sessions].map((id) => me.pay(id)));
    expect(paid.filter((r) => r.status === 200)).toHaveLength(1);
    expect((await moneyOf(me.userId)).subscriptions).toBe(1);
    await expectLedgerSound();
  });
});
