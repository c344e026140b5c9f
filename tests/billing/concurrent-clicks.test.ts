// Money clicks made several times at once, as a client would: the same test checkout paid five
// times, a Pro→Max upgrade clicked ten times. Real routes, a real session cookie, events signed and
// POSTed to the real webhook route (fetch is routed to it in-process), real Postgres. Each effect
// must happen once; the ledger's invariants hold after.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { getBalance } from "@/lib/ledger/accounts";
import { checkLedgerInvariants } from "@/lib/ledger/invariants";
import { resetRateLimiterForTests } from "@/lib/ratelimit/limiter";
import { createUser, installAppDb, sessionCookie, setupAuthEnv } from "@/tests/auth/helpers";
import { useTestModeEnv } from "@/tests/billing/helpers";
import { createTestDatabase, type TestDatabase } from "@/tests/helpers/db";

const checkout = await import("@/app/api/billing/checkout/route");
const testCheckout = await import("@/app/api/billing/test-checkout/[sessionId]/route");
const webhook = await import("@/app/api/stripe/webhook/route");

const ctx = (params: Record<string, string> = {}) => ({ params: Promise.resolve(params) });

let db: TestDatabase;
let p: PrismaClient;
const dataDir = mkdtempSync(path.join(tmpdir(), "billing-concurrent-"));
/** Event types whose delivery the next webhook call refuses (a webhook outage mid-payment). */
const refuseNext = new Set<string>();
/** Event types whose next delivery waits: `reached` resolves when it arrives, `release` lets it on. */
const holdNext = new Map<string, { reached: () => void; released: Promise<void> }>();

function hold(type: string) {
  let release = () => {};
  let reached = () => {};
  const arrived = new Promise<void>((resolve) => {
    reached = resolve;
  });
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  holdNext.set(type, { reached, released });
  return { arrived, release };
}

beforeAll(async () => {
  setupAuthEnv();
  useTestModeEnv({ DATA_DIR: dataDir });
  db = await createTestDatabase();
  p = db.prisma;
  installAppDb(p);
  vi.stubGlobal("fetch", async (input: URL | string, init?: RequestInit) => {
    const url = new URL(String(input));
    const type = (JSON.parse(String(init?.body ?? "{}")) as { type?: string }).type ?? "";
    if (refuseNext.delete(type)) return new Response("unavailable", { status: 503 });
    const held = holdNext.get(type);
    if (held) {
      holdNext.delete(type);
      held.reached();
      await held.released;
    }
    return webhook.POST(new Request(url, init), ctx());
  });
});
beforeEach(() => resetRateLimiterForTests());
afterAll(async () => {
  vi.unstubAllGlobals();
  rmSync(dataDir, { recursive: true, force: true });
  await db?.cleanup();
});

async function signIn() {
  const user = await createUser(p);
  const { cookie } = await sessionCookie(p, user.id);
  const post = (url: string, body?: unknown) =>
    new Request(`http://app.test${url}`, {
      method: "POST",
      headers: { cookie, ...(body === undefined ? {} : { "content-type": "application/json" }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  const startCheckout = async (choice: Record<string, string>) => {
    const res = await checkout.POST(post("/api/billing/checkout", choice), ctx());
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  const pay = async (sessionId: string) => {
    const res = await testCheckout.POST(post(`/api/billing/test-checkout/${sessionId}`), ctx({ sessionId }));
    return { status: res.status, body: (await res.json()) as { error?: { code: string; message: string } } };
  };
  const open = async (choice: Record<string, string>) => {
    const { status, body } = await startCheckout(choice);
    expect(status).toBe(200);
    return String(body.url).split("/").pop() ?? "";
  };
  return { userId: user.id, startCheckout, pay, open };
}

/** What the user was charged and granted: payments, allowance/purchase grants, subscriptions. */
async function moneyOf(userId: string) {
  const payments = await p.payment.findMany({ where: { userId }, orderBy: { amountMinor: "asc" } });
  const grants = await p.$queryRaw<{ source: string; amount: bigint }[]>`
    SELECT g.source::text AS source, g.amount FROM "LedgerGrant" g
    JOIN "LedgerAccount" a ON a.id = g."accountId" WHERE a."ownerId" = ${userId} ORDER BY g.amount`;
  return {
    payments: payments.map((x) => `${x.kind} ${x.amountMinor}`),
    grants: grants.map((g) => `${g.source} ${g.amount}`),
    subscriptions: await p.billingSubscription.count({ where: { userId } }),
    plan: (await p.user.findUniqueOrThrow({ where: { id: userId } })).plan,
    available: (await getBalance(p, { kind: "user", userId })).available,
  };
}

async function expectLedgerSound() {
  const violations = await checkLedgerInvariants(p);
  expect(violations.filter((v) => v.severity === "error")).toEqual([]);
}

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
    expect((await p.checkoutIntent.findFirstOrThrow({ where: { userId: me.userId } })).status).toBe(
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
    const open = await p.checkoutIntent.findMany({ where: { userId: me.userId, status: "pending" } });
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
