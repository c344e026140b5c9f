// Drives billing as a client would in test mode: real routes with a real session cookie, the
// test checkout's events signed and POSTed to the real webhook route (fetch is routed to it
// in-process), real Postgres. Deliveries can be refused or held to stage outages and races.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, expect, vi } from "vitest";
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

/** Registers the suite's hooks (database, environment, fetch routed to the webhook route). */
export function setupTestModeRoutes() {
  let db: TestDatabase | undefined;
  const dataDir = mkdtempSync(path.join(tmpdir(), "billing-routes-"));
  /** Event types whose next delivery the webhook refuses (an outage mid-payment). */
  const refuseNext = new Set<string>();
  /** Event types whose next delivery waits until released. */
  const holdNext = new Map<string, { reached: () => void; released: Promise<void> }>();

  beforeAll(async () => {
    setupAuthEnv();
    useTestModeEnv({ DATA_DIR: dataDir });
    db = await createTestDatabase();
    installAppDb(db.prisma);
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

  const prisma = (): PrismaClient => {
    if (!db) throw new Error("setupTestModeRoutes: the database is not ready (use it inside a test)");
    return db.prisma;
  };

  /** The next delivery of `type` waits: `arrived` resolves when it comes, `release` lets it on. */
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

  /** A new verified user with a live session, and the billing clicks they can make. */
  async function signIn() {
    const user = await createUser(prisma());
    const { cookie } = await sessionCookie(prisma(), user.id);
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
      const res = await testCheckout.POST(
        post(`/api/billing/test-checkout/${sessionId}`),
        ctx({ sessionId }),
      );
      return {
        status: res.status,
        body: (await res.json()) as { error?: { code: string; message: string } },
      };
    };
    const open = async (choice: Record<string, string>) => {
      const { status, body } = await startCheckout(choice);
      expect(status).toBe(200);
      return String(body.url).split("/").pop() ?? "";
    };
    return { userId: user.id, startCheckout, pay, open };
  }

  /** What the user was charged and granted: payments, grants, subscriptions, plan, balance. */
  async function moneyOf(userId: string) {
    const p = prisma();
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
    const violations = await checkLedgerInvariants(prisma());
    expect(violations.filter((v) => v.severity === "error")).toEqual([]);
  }

  return { prisma, refuseNext, hold, signIn, moneyOf, expectLedgerSound };
}
