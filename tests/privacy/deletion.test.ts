// Account deletion: DELETE /api/account re-authenticates (2FA included) and needs the forfeit
// confirmation; it schedules the erasure after the grace period, signs out everywhere and mails;
// signing in cancels it; the data-cleanup job then erases: the ledger still balances, the balance
// is zero, no text column anywhere holds the email or name, the Stripe customer is deleted.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as accountRoute, DELETE as deleteRoute } from "@/app/api/account/route";
import { resetStripeForTests } from "@/lib/billing/stripe-client";
import { runCronJob } from "@/lib/cron/run-job";
import { enqueueEmail } from "@/lib/email/enqueue";
import { processOutbox } from "@/lib/email/process-outbox";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { getBalance } from "@/lib/ledger/accounts";
import { checkLedgerInvariants } from "@/lib/ledger/invariants";
import { eraseDueAccounts, tombstoneEmail } from "@/lib/privacy/erase";
import { installAppDb, sessionCookie, setupAuthEnv } from "@/tests/auth/helpers";
import { PRICES, useFakeStripeEnv } from "@/tests/billing/helpers";
import { ctx, freshCaches, get, type Handler } from "@/tests/compliance/helpers";
import { createFakeEmailProvider } from "@/tests/fakes/email-provider";
import { FakeStripe } from "@/tests/fakes/stripe-server";
import { createTestDatabase, type TestDatabase } from "@/tests/helpers/db";
import { richUser } from "./helpers";

const DAY = 86_400_000;

function del(body: unknown, cookie?: string): Request {
  return new Request("http://app.test/api/account", {
    method: "DELETE",
    headers: {
      "content-type": "application/json",
      origin: "http://app.test",
      "x-forwarded-for": "203.0.113.7",
      ...(cookie ? { cookie } : {}),
    },
    body: JSON.stringify(body),
  });
}

/** "zebulon-1@quillfeather.example" → "ZeBuLoN-1@QuIlLfEaThEr.eXaMpLe": same text, other case. */
function mixedCase(value: string): string {
  return [...value].map((c, i) => (i % 2 === 0 ? c.toUpperCase() : c.toLowerCase())).join("");
}

/** Every text, varchar, json(b) and text[] column of every table (searched case-insensitively). */
async function textColumnsContaining(p: PrismaClient, needle: string): Promise<string[]> {
  const columns = await p.$queryRaw<{ table: string; column: string }[]>`
    SELECT table_name AS table, column_name AS column FROM information_schema.columns
    WHERE table_schema = current_schema() AND table_name <> '_prisma_migrations'
      AND data_type IN ('text', 'character varying', 'json', 'jsonb', 'ARRAY')`;
  const hits: string[] = [];
  for (const { table, column } of columns) {
    const rows = await p.$queryRawUnsafe<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM "${table}" WHERE "${column}"::text ILIKE $1`,
      `%${needle}%`,
    );
    if ((rows[0]?.n ?? 0) > 0) hits.push(`${table}.${column}`);
  }
  return hits;
}

describe("account deletion", () => {
  let db: TestDatabase;
  let p: PrismaClient;
  const fake = new FakeStripe({ [PRICES.small]: { amount: 500, currency: "usd", recurring: false } });
  const route = deleteRoute as Handler;

  beforeAll(async () => {
    setupAuthEnv();
    db = await createTestDatabase();
    p = db.prisma;
    installAppDb(p);
  });
  afterAll(async () => {
    await fake.stop().catch(() => undefined);
    await db.cleanup();
  });

  it("refuses without the forfeit confirmation, a right password or a 2FA code, changing nothing", async () => {
    freshCaches();
    const user = await richUser(p);
    const noConfirm = await route(del({ currentPassword: user.password }, user.cookie), ctx);
    expect(noConfirm.status).toBe(422);
    const badPassword = await route(
      del({ currentPassword: "nope nope nope", confirmForfeit: true }, user.cookie),
      ctx,
    );
    expect(badPassword.status).toBe(422);
    await p.user.update({ where: { id: user.id }, data: { twoFactorEnabledAt: new Date() } });
    const noCode = await route(
      del({ currentPassword: user.password, confirmForfeit: true }, user.cookie),
      ctx,
    );
    expect(noCode.status).toBe(422);
    expect((await noCode.json()).error.details).toEqual([{ path: "code", message: "Required." }]);
    expect((await route(del({ currentPassword: user.password, confirmForfeit: true }), ctx)).status).toBe(
      401,
    );
    expect(await p.privacyRequest.count({ where: { userId: user.id } })).toBe(0);
    expect((await (accountRoute as Handler)(get("/api/account", user.cookie), ctx)).status).toBe(200);
  });

  it("schedules after the grace period, signs out everywhere and mails; signing in cancels", async () => {
    freshCaches();
    const user = await richUser(p);
    const before = Date.now();
    const res = await route(del({ currentPassword: user.password, confirmForfeit: true }, user.cookie), ctx);
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.scheduled).toBe(true);
    const due = new Date(body.dueAt).getTime();
    expect(due).toBeGreaterThanOrEqual(before + 7 * DAY);
    expect(due).toBeLessThanOrEqual(Date.now() + 7 * DAY);
    expect((await (accountRoute as Handler)(get("/api/account", user.cookie), ctx)).status).toBe(401);
    const again = await p.privacyRequest.findMany({ where: { userId: user.id } });
    expect(again).toMatchObject([{ kind: "deletion", status: "scheduled", openKey: user.id }]);
    const subjects = async () =>
      (
        await p.emailOutbox.findMany({
          where: { userId: user.id, template: "notice" },
          orderBy: { createdAt: "asc" },
        })
      ).map((m) => (m.data as { subject: string }).subject);
    expect(await subjects()).toEqual(["Your account will be deleted"]);
    expect(await p.auditLog.count({ where: { action: "privacy.deletion", targetId: user.id } })).toBe(1);
    // Signing in (a new session) cancels it and says so.
    await sessionCookie(p, user.id);
    expect(await p.privacyRequest.findFirst({ where: { userId: user.id } })).toMatchObject({
      status: "cancelled",
      openKey: null,
    });
    expect(await subjects()).toEqual(["Your account will be deleted", "Your account deletion was cancelled"]);
    // Nothing is erased at the due date once cancelled.
    expect((await eraseDueAccounts(p, { now: new Date(due + 1000) })).erased).toBe(0);
    expect((await p.user.findUniqueOrThrow({ where: { id: user.id } })).email).toBe(user.email);
  });

  it("erases at the due date: ledger balanced, balance zero, email and name nowhere, Stripe customer deleted", async () => {
    freshCaches();
    useFakeStripeEnv(await fake.start());
    resetStripeForTests();
    const user = await richUser(p);
    const customerId = "cus_fake_erase";
    fake.customers.set(customerId, { id: customerId, object: "customer", email: user.email });
    await p.billingCustomer.create({ data: { userId: user.id, stripeCustomerId: customerId } });
    // The email and name also appear in other cases (typed differently at checkout, in a note, in a
    // mail to the address as first written): pseudonymisation must match them case-insensitively.
    const mixedEmail = mixedCase(user.email);
    await p.stripeEvent.create({
      data: {
        id: `evt_${user.id}`,
        type: "checkout.session.completed",
        payload: {
          data: { object: { customer_details: { email: mixedEmail, name: user.name.toUpperCase() } } },
        },
        stripeCreated: new Date(),
      },
    });
    await p.auditLog.create({
      data: {
        actorId: user.id,
        action: "user.note",
        targetType: "user",
        targetId: user.id,
        after: { note: `Asked by ${mixedEmail} (${user.name.toLowerCase()})` },
      },
    });
    await p.payment.update({
      where: { sourceId: `cs_test_${user.id}` },
      data: { description: `Top-up for ${user.name.toUpperCase()}` },
    });
    await p.dispute.updateMany({ where: { userId: user.id }, data: { reason: `wrong, says ${mixedEmail}` } });
    await enqueueEmail(p, { to: mixedEmail, template: "notice", data: { subject: "Hi", paragraphs: ["x"] } });
    const res = await route(del({ currentPassword: user.password, confirmForfeit: true }, user.cookie), ctx);
    expect(res.status).toBe(200);
    const dueAt = new Date((await res.json()).dueAt);
    expect((await getBalance(p, { kind: "user", userId: user.id })).posted).toBe(49_600n);

    // Not before the due date; then the daily job erases.
    expect((await eraseDueAccounts(p, { now: new Date(dueAt.getTime() - 1000) })).erased).toBe(0);
    const run = await runCronJob(p, "data-cleanup", { now: new Date(dueAt.getTime() + 60_000) });
    expect(run).toMatchObject({ outcome: "succeeded", stats: { accountsErased: 1, ptForfeited: "49600" } });

    expect(await checkLedgerInvariants(p)).toEqual([]);
    const balance = await getBalance(p, { kind: "user", userId: user.id });
    expect([balance.posted, balance.pending, balance.available]).toEqual([0n, 0n, 0n]);
    const erased = await p.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(erased).toMatchObject({
      email: tombstoneEmail(user.id),
      name: null,
      passwordHash: null,
      status: "deleted",
    });
    expect(fake.calls("DELETE", `/v1/customers/${customerId}`)).toHaveLength(1);
    // Team memberships end and invitations to the address go (the team itself stays).
    expect(await p.teamMember.count({ where: { userId: user.id } })).toBe(0);
    expect(await p.teamInvite.count({ where: { email: user.email.toLowerCase() } })).toBe(0);
    expect(await p.team.count({ where: { name: "Quill team" } })).toBeGreaterThan(0);
    // Kept, pseudonymised: the payment, the ledger entries, the message's usage (not its text).
    expect(await p.payment.count({ where: { userId: user.id } })).toBe(1);
    // The tax records stay (amounts, tax, country); the billing name, address and tax id go.
    expect(await p.payment.findFirstOrThrow({ where: { userId: user.id } })).toMatchObject({
      amountMinor: 500n,
      taxMinor: 83n,
      buyerCountry: "DE",
      buyerName: null,
      buyerAddress: null,
      buyerTaxId: null,
    });
    const message = await p.message.findUniqueOrThrow({ where: { id: user.messageId } });
    expect(message.content).toBe("");
    expect(await p.session.count({ where: { userId: user.id } })).toBe(0);
    // The monthly budget and its alerts go with the account.
    const { id: accountId } = await p.ledgerAccount.findFirstOrThrow({ where: { ownerId: user.id } });
    expect([
      await p.budget.count({ where: { accountId } }),
      await p.budgetAlert.count({ where: { accountId } }),
    ]).toEqual([0, 0]);
    expect(await p.privacyRequest.findFirst({ where: { userId: user.id } })).toMatchObject({
      status: "completed",
    });

    // The final "deleted" mail is the one trace left until it is sent; the next run blanks it.
    expect(await textColumnsContaining(p, user.email)).toEqual(["EmailOutbox.to"]);
    const provider = createFakeEmailProvider();
    await processOutbox(p, { provider, now: new Date(dueAt.getTime() + 120_000), limit: 50 });
    expect(provider.calls.map((c) => c.to)).toContain(user.email);
    await eraseDueAccounts(p, { now: new Date(dueAt.getTime() + 180_000) });
    expect(await textColumnsContaining(p, user.email)).toEqual([]);
    expect(await textColumnsContaining(p, user.name)).toEqual([]);
    expect(await checkLedgerInvariants(p)).toEqual([]);
  });
});
