// Test mode (no STRIPE_SECRET_KEY): checkout → built-in test checkout → Pay produces the events
// Stripe would send, signed with the local secret and POSTed to the real webhook route (fetch is
// routed to the route handler here) → PT and plan arrive. The caller is a real session cookie.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { testModeWebhookSecret } from "@/lib/billing/stripe-client";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { getBalance } from "@/lib/ledger/accounts";
import { installAppDb, sessionCookie } from "@/tests/auth/helpers";
import { createUser, useTestModeEnv } from "@/tests/billing/helpers";
import { createTestDatabase, type TestDatabase } from "@/tests/helpers/db";

// The caller: a real session cookie of userId (actAs), on the test database installed as the app's.
let cookie = "";
let userId = "";
async function actAs(id: string): Promise<string> {
  userId = id;
  cookie = (await sessionCookie(p, id)).cookie;
  return id;
}

const checkout = await import("@/app/api/billing/checkout/route");
const testCheckout = await import("@/app/api/billing/test-checkout/[sessionId]/route");
const status = await import("@/app/api/billing/checkout/status/route");
const overview = await import("@/app/api/billing/overview/route");
const webhook = await import("@/app/api/stripe/webhook/route");
const plans = await import("@/app/api/billing/plans/route");

const ctx = (params: Record<string, string> = {}) => ({ params: Promise.resolve(params) });
const request = (method: string, url: string, body?: unknown) =>
  new Request(`http://127.0.0.1:3999${url}`, {
    method,
    headers: body === undefined ? { cookie } : { "content-type": "application/json", cookie },
    body: body === undefined ? undefined : JSON.stringify(body),
  });

let db: TestDatabase;
let p: PrismaClient;
const delivered: string[] = [];
const dataDir = mkdtempSync(path.join(tmpdir(), "billing-test-mode-"));

beforeAll(async () => {
  useTestModeEnv({ DATA_DIR: dataDir });
  db = await createTestDatabase();
  p = db.prisma;
  installAppDb(p);
  vi.stubGlobal("fetch", async (input: URL | string, init?: RequestInit) => {
    const url = new URL(String(input));
    delivered.push(url.pathname);
    return webhook.POST(new Request(url, init), ctx());
  });
});
afterAll(async () => {
  vi.unstubAllGlobals();
  rmSync(dataDir, { recursive: true, force: true });
  await db.cleanup();
});

async function buy(choice: Record<string, string>) {
  const res = await checkout.POST(request("POST", "/api/billing/checkout", choice), ctx());
  expect(res.status).toBe(200);
  const { url } = (await res.json()) as { url: string };
  expect(url).toMatch(/^http:\/\/127\.0\.0\.1:3999\/billing\/test-checkout\/cs_test_local_[0-9a-f]{32}$/);
  return url.split("/").pop() ?? "";
}

describe("test-mode checkout", () => {
  it("the catalog says test mode; a top-up paid on the test page arrives through the webhook route", async () => {
    expect(
      ((await (await plans.GET(request("GET", "/api/billing/plans"), ctx())).json()) as { testMode: boolean })
        .testMode,
    ).toBe(true);
    await actAs(await createUser(p));
    const sessionId = await buy({ packId: "medium" });
    const page = await testCheckout.GET(
      request("GET", `/api/billing/test-checkout/${sessionId}`),
      ctx({ sessionId }),
    );
    expect(await page.json()).toMatchObject({
      kind: "pack",
      productId: "medium",
      amount: "$20.00",
      pt: "1100000",
      status: "pending",
    });
    const pay = await testCheckout.POST(
      request("POST", `/api/billing/test-checkout/${sessionId}`),
      ctx({ sessionId }),
    );
    expect(pay.status).toBe(200);
    expect(delivered.at(-1)).toBe("/api/stripe/webhook");
    expect((await getBalance(p, { kind: "user", userId: userId })).available).toBe(1_100_000n);
    const polled = await status.GET(
      request("GET", `/api/billing/checkout/status?session_id=${sessionId}`),
      ctx(),
    );
    expect(await polled.json()).toMatchObject({ status: "completed", pt: "1100000", available: "1100000" });
    // Paying twice is refused; nothing more is credited.
    const again = await testCheckout.POST(
      request("POST", `/api/billing/test-checkout/${sessionId}`),
      ctx({ sessionId }),
    );
    expect(again.status).toBe(409);
    expect((await getBalance(p, { kind: "user", userId: userId })).available).toBe(1_100_000n);
  });

  it("another user cannot see or pay someone else's test session", async () => {
    await actAs(await createUser(p));
    const sessionId = await buy({ packId: "small" });
    await actAs(await createUser(p));
    const res = await testCheckout.POST(
      request("POST", `/api/billing/test-checkout/${sessionId}`),
      ctx({ sessionId }),
    );
    expect(res.status).toBe(404);
    const peek = await testCheckout.GET(
      request("GET", `/api/billing/test-checkout/${sessionId}`),
      ctx({ sessionId }),
    );
    expect(peek.status).toBe(404);
  });

  it("a plan paid in test mode sets the plan and its allowance; switching up grants the increase", async () => {
    await actAs(await createUser(p));
    const sessionId = await buy({ planId: "pro" });
    await testCheckout.POST(request("POST", `/api/billing/test-checkout/${sessionId}`), ctx({ sessionId }));
    expect((await p.user.findUniqueOrThrow({ where: { id: userId } })).plan).toBe("pro");
    expect((await getBalance(p, { kind: "user", userId })).available).toBe(1_000_000n);
    const res = await checkout.POST(request("POST", "/api/billing/checkout", { planId: "max" }), ctx());
    expect(await res.json()).toMatchObject({ switched: true });
    expect((await p.user.findUniqueOrThrow({ where: { id: userId } })).plan).toBe("max");
    expect((await getBalance(p, { kind: "user", userId })).available).toBe(5_000_000n);
    const view = (await (await overview.GET(request("GET", "/api/billing/overview"), ctx())).json()) as {
      plan: string;
      subscription: { status: string; renewsAt: string };
      balance: { allowanceLeft: string };
      payments: unknown[];
    };
    expect(view.plan).toBe("max");
    expect(view.subscription.status).toBe("active");
    expect(view.balance.allowanceLeft).toBe("5000000");
    expect(view.payments).toHaveLength(2);
  });

  it("without STRIPE_WEBHOOK_SECRET the local secret is random, persisted in DATA_DIR and reused", () => {
    useTestModeEnv({ DATA_DIR: dataDir, STRIPE_WEBHOOK_SECRET: "" });
    const secret = testModeWebhookSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9_-]{40,}$/);
    expect(readFileSync(path.join(dataDir, "stripe-webhook-secret"), "utf8")).toBe(secret);
    useTestModeEnv({ DATA_DIR: dataDir, STRIPE_WEBHOOK_SECRET: "" });
    expect(testModeWebhookSecret()).toBe(secret);
    useTestModeEnv({ DATA_DIR: dataDir });
  });

  it("is refused in a production deployment (NODE_ENV=production on a real database)", async () => {
    useTestModeEnv({
      NODE_ENV: "production",
      DATABASE_URL: "postgresql://x@127.0.0.1/none",
      STRIPE_WEBHOOK_SECRET: "",
    });
    try {
      await actAs(await createUser(p));
      const res = await checkout.POST(request("POST", "/api/billing/checkout", { packId: "small" }), ctx());
      expect(res.status).toBe(503);
      expect(() => testModeWebhookSecret()).toThrow(/disabled in production/);
    } finally {
      delete process.env.DATABASE_URL;
      Object.assign(process.env, { NODE_ENV: "test" });
      useTestModeEnv({ DATA_DIR: dataDir });
    }
  });
});
