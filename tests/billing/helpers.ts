// Shared fixtures for billing tests: environment switching (test mode, or the SDK against the fake
// Stripe server), users, signed deliveries built with the SDK's own test-header helper, and a
// canonical ledger snapshot to compare runs that applied the same events in different orders.

import { randomUUID } from "node:crypto";
import Stripe from "stripe";
import { ingestWebhook } from "@/lib/billing/ingest";
import { resetStripeForTests } from "@/lib/billing/stripe-client";
import type { StripeEventObject } from "@/lib/billing/test-objects";
import { resetEnvForTests } from "@/lib/env";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { acceptCurrentLegal } from "@/tests/helpers/legal";

export const WEBHOOK_SECRET = "whsec_test_current_5f2c1e0d9b8a7f6e5d4c3b2a1";
export const PREVIOUS_SECRET = "whsec_test_previous_0a1b2c3d4e5f60718293a4b5";

export const PRICES = {
  pro: "price_fake_pro",
  max: "price_fake_max",
  small: "price_fake_small",
  medium: "price_fake_medium",
  large: "price_fake_large",
  teamSeat: "price_fake_team_seat",
};

const BILLING_VARS = [
  "STRIPE_SECRET_KEY",
  "STRIPE_WEBHOOK_SECRET",
  "STRIPE_WEBHOOK_SECRET_PREVIOUS",
  "STRIPE_API_BASE",
  "STRIPE_PRICE_PRO",
  "STRIPE_PRICE_MAX",
  "STRIPE_PRICE_PACK_SMALL",
  "STRIPE_PRICE_PACK_MEDIUM",
  "STRIPE_PRICE_PACK_LARGE",
  "STRIPE_PRICE_TEAM_SEAT",
  "BILLING_CURRENCY",
  "PRORATION_BEHAVIOR",
  "STRIPE_AUTOMATIC_TAX",
  "WEBHOOK_MAX_ATTEMPTS",
  "DATA_DIR",
];

/** Test mode (no Stripe key) with a known webhook secret, plus any overrides. */
export function useTestModeEnv(extra: Record<string, string> = {}): void {
  setBillingEnv({ STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET, ...extra });
}

/** The real SDK against the fake server at apiBase, with price ids for every product. */
export function useFakeStripeEnv(apiBase: string, extra: Record<string, string> = {}): void {
  setBillingEnv({
    STRIPE_SECRET_KEY: "sk_test_fake",
    STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
    STRIPE_API_BASE: apiBase,
    STRIPE_PRICE_PRO: PRICES.pro,
    STRIPE_PRICE_MAX: PRICES.max,
    STRIPE_PRICE_PACK_SMALL: PRICES.small,
    STRIPE_PRICE_PACK_MEDIUM: PRICES.medium,
    STRIPE_PRICE_PACK_LARGE: PRICES.large,
    STRIPE_PRICE_TEAM_SEAT: PRICES.teamSeat,
    ...extra,
  });
}

function setBillingEnv(values: Record<string, string>): void {
  for (const name of BILLING_VARS) delete process.env[name];
  Object.assign(process.env, values);
  resetEnvForTests();
  resetStripeForTests();
}

export async function createUser(
  p: PrismaClient,
  options: { id?: string; verified?: boolean; status?: "active" | "frozen"; acceptLegal?: boolean } = {},
): Promise<string> {
  const id = options.id ?? randomUUID();
  await p.user.create({
    data: {
      id,
      email: `${id}@example.test`,
      status: options.status ?? "active",
      emailVerifiedAt: options.verified === false ? null : new Date(),
    },
  });
  if (options.acceptLegal !== false) await acceptCurrentLegal(p, id);
  return id;
}

const sdk = new Stripe("sk_test_helper_only");

/** A delivery as Stripe makes it: the SDK's test header over the exact payload bytes. */
export function signed(
  event: StripeEventObject | Record<string, unknown>,
  options: { secret?: string; timestamp?: number } = {},
): { rawBody: string; signature: string } {
  const rawBody = JSON.stringify(event);
  const signature = sdk.webhooks.generateTestHeaderString({
    payload: rawBody,
    secret: options.secret ?? WEBHOOK_SECRET,
    timestamp: options.timestamp,
  });
  return { rawBody, signature };
}

/** Signs (at `now`) and ingests one event as the webhook route would. */
export function deliver(p: PrismaClient, event: StripeEventObject, now?: Date) {
  const timestamp = now ? Math.floor(now.getTime() / 1000) : undefined;
  return ingestWebhook(p, { ...signed(event, { timestamp }), now });
}

/** The user's ledger as comparable data: transactions by key with their entries, grants, balance. */
export async function ledgerSnapshot(p: PrismaClient, userId: string, tag = ""): Promise<unknown> {
  const strip = (s: string | null) => (s && tag ? s.replaceAll(tag, "<run>") : s);
  const entries = await p.$queryRaw<{ key: string; kind: string; account: string; amount: bigint }[]>`
    SELECT t."idempotencyKey" AS key, t.kind::text AS kind,
      CASE WHEN a.type = 'system' THEN a.code ELSE 'user' END AS account, e.amount
    FROM "LedgerEntry" e JOIN "LedgerTransaction" t ON t.id = e."transactionId"
    JOIN "LedgerAccount" a ON a.id = e."accountId"
    WHERE t.id IN (SELECT e2."transactionId" FROM "LedgerEntry" e2 JOIN "LedgerAccount" a2 ON a2.id = e2."accountId"
                   WHERE a2."ownerId" = ${userId})
    ORDER BY t."idempotencyKey", account, e.amount`;
  const grants = await p.$queryRaw<
    { source: string; amount: bigint; remaining: bigint; expiresAt: Date | null }[]
  >`
    SELECT g.source::text AS source, g.amount, g.remaining, g."expiresAt" FROM "LedgerGrant" g
    JOIN "LedgerAccount" a ON a.id = g."accountId" WHERE a."ownerId" = ${userId}
    ORDER BY g."expiresAt" NULLS LAST, g.amount`;
  const account = await p.$queryRaw<{ posted: bigint; pending: bigint; debt: bigint; frozen: boolean }[]>`
    SELECT posted, pending, debt, frozen FROM "LedgerAccount" WHERE "ownerId" = ${userId}`;
  return {
    entries: entries.map((e) => ({ ...e, key: strip(e.key), amount: e.amount.toString() })),
    grants: grants.map((g) => ({ ...g, amount: g.amount.toString(), remaining: g.remaining.toString() })),
    account: account.map((a) => ({
      ...a,
      posted: a.posted.toString(),
      pending: a.pending.toString(),
      debt: a.debt.toString(),
    })),
  };
}

/** Runs the retry worker until nothing is due at `now` (deferred effects whose turn came). */
export async function drainRetries(p: PrismaClient, now: Date): Promise<void> {
  const { runWebhookRetries } = await import("@/lib/billing/retry-worker");
  for (let i = 0; i < 20; i++) {
    await p.stripeEvent.updateMany({ where: { status: "failed" }, data: { nextAttemptAt: now } });
    const run = await runWebhookRetries(p, { now });
    if (run.due === 0 || run.failed === 0) return;
  }
}
