// Low-balance alerts come from the settlement statement: the charge that leaves available PT below
// the owner's threshold writes the email, the in-app notice and the balance.low outbox rows, all or
// nothing with the charge, once per crossing — also when many settles of one account race below it —
// and only a credit back to the threshold re-arms it. The delivered event verifies with the
// standardwebhooks library in a real receiving server. Runs on Postgres and PGlite.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { lowBalanceSetting, removeLowBalance, setLowBalance } from "@/lib/budgets/low-balance";
import { renderEmail } from "@/lib/email/render";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { Prisma } from "@/lib/generated/prisma/client";
import { getBalance } from "@/lib/ledger/accounts";
import { grantCredits } from "@/lib/ledger/grants";
import { reserve } from "@/lib/ledger/holds";
import { settle } from "@/lib/ledger/settle";
import { deliverWebhooks } from "@/lib/webhooks-out/deliver";
import { webhookEventId } from "@/lib/webhooks-out/emit";
import { createEndpoint } from "@/lib/webhooks-out/endpoints";
import { createTestDatabase, type TestDatabase, testBackends } from "@/tests/helpers/db";
import { type Receiver, startReceiver } from "@/tests/webhooks-out/receiver";
import { charge, expectMonthCounterExact, newUserWithPt, type UserAccount } from "./helpers";

async function lowRows(p: PrismaClient, userId: string) {
  const [mails, notices, deliveries] = await Promise.all([
    p.emailOutbox.findMany({ where: { userId, template: "low-balance" }, orderBy: { createdAt: "asc" } }),
    p.notification.findMany({ where: { userId, kind: "low_balance" }, orderBy: { createdAt: "asc" } }),
    p.webhookDelivery.findMany({
      where: { eventType: "balance.low", payload: { path: ["data", "userId"], equals: userId } },
      orderBy: { createdAt: "asc" },
    }),
  ]);
  return { mails, notices, deliveries };
}

const credit = (p: PrismaClient, user: UserAccount, amount: bigint) =>
  grantCredits(p, { account: user, amount, source: "purchase", key: `buy:${randomUUID()}` });

describe.each(testBackends())("low-balance alerts in the settlement on %s", (backend) => {
  let db: TestDatabase;
  let p: PrismaClient;
  let user: UserAccount;
  const url = "http://127.0.0.1:9/hook";

  beforeAll(async () => {
    db = await createTestDatabase(backend);
    p = db.prisma;
  });
  afterAll(async () => db?.cleanup());
  beforeEach(async () => {
    await p.webhookEndpoint.deleteMany({});
    user = await newUserWithPt(p, 3_000n);
    const admin = { userId: user.userId };
    await createEndpoint(p, admin, { userId: null }, { url, events: ["balance.low"] });
    await createEndpoint(p, admin, { userId: user.userId }, { url, events: ["balance.low"] });
    const other = await newUserWithPt(p, 10n);
    await createEndpoint(p, admin, { userId: other.userId }, { url, events: ["balance.low"] });
  });

  it("off by default; once per crossing, re-armed only by a credit back to the threshold", async () => {
    await charge(p, user, 2_500n); // no alert set: nothing
    expect(await lowBalanceSetting(p, user)).toEqual({ thresholdPt: null, firedAt: null });
    expect((await lowRows(p, user.userId)).mails).toEqual([]);
    await credit(p, user, 2_500n); // 3,000

    await setLowBalance(p, user, { thresholdPt: 1_000n });
    await charge(p, user, 1_500n); // 1,500: above
    expect((await lowRows(p, user.userId)).mails).toEqual([]);
    await charge(p, user, 600n); // 900: crossed
    await charge(p, user, 100n); // 800: still below, no repeat
    let rows = await lowRows(p, user.userId);
    expect([rows.mails.length, rows.notices.length, rows.deliveries.length]).toEqual([1, 1, 2]);
    expect((await lowBalanceSetting(p, user)).firedAt).toBeInstanceOf(Date);

    // A credit that leaves the balance below the threshold does not re-arm it.
    await credit(p, user, 100n); // 900
    await charge(p, user, 50n);
    expect((await lowRows(p, user.userId)).mails).toHaveLength(1);
    // One that brings it back to the threshold does: the next crossing alerts again.
    await credit(p, user, 1_150n); // 2,000
    await charge(p, user, 1_000n); // 1,000: at the threshold, not below
    expect((await lowRows(p, user.userId)).mails).toHaveLength(1);
    await charge(p, user, 1n); // 999: crossed again
    rows = await lowRows(p, user.userId);
    expect([rows.mails.length, rows.notices.length, rows.deliveries.length]).toEqual([2, 2, 4]);

    // What the rows say: the event of the first crossing, for the operator's and the user's endpoint.
    const account = await p.ledgerAccount.findFirstOrThrow({ where: { type: "user", ownerId: user.userId } });
    const first = rows.deliveries.filter(
      (d) => d.eventId === webhookEventId("balance.low", `lowbal:${account.id}:1`),
    );
    expect(first).toHaveLength(2);
    expect((first[0]?.payload as { data?: unknown } | undefined)?.data).toEqual({
      accountId: account.id,
      userId: user.userId,
      availablePt: "900",
      thresholdPt: "1000",
      crossing: 1,
    });
    const mail = rows.mails[0];
    expect(mail?.category).toBe("usage"); // skippable, with one-click unsubscribe
    const rendered = renderEmail("low-balance", mail?.data);
    expect(rendered.subject).toBe("Your Ledgerchat balance is low");
    expect(rendered.text).toContain("900 PT");
    expect(rendered.text).toContain("1,000 PT");
    expect(rows.notices[0]).toMatchObject({ title: "Your PT balance is low", link: "/billing" });
    expect(rows.notices[0]?.body).toBe(
      "900 PT available, below your alert at 1,000 PT. Top up to keep chatting.",
    );

    // Setting the threshold again re-arms it; turning it off stops it.
    await setLowBalance(p, user, { thresholdPt: 2_000n });
    await charge(p, user, 1n);
    expect((await lowRows(p, user.userId)).mails).toHaveLength(3);
    await removeLowBalance(p, user);
    await credit(p, user, 5_000n);
    await charge(p, user, 5_000n);
    expect((await lowRows(p, user.userId)).mails).toHaveLength(3);
    await expectMonthCounterExact(p, user.userId);
  });

  it("rolls back with the settlement: a failing statement leaves no mail, notice or event", async () => {
    await setLowBalance(p, user, { thresholdPt: 1_000n });
    const held = await reserve(p, {
      account: user,
      amount: 2_500n,
      key: `t:${randomUUID()}`,
      ttlSeconds: 60,
    });
    const forced = Prisma.sql`boom AS (INSERT INTO "ChatStreamSlot" ("ownerKey", slot, "messageId", "expiresAt")
      SELECT 'x', ledger_fail('injected failure')::int, gen_random_uuid(), now() FROM settled)`;
    await expect(settle(p, { holdId: held.holdId, actual: 2_500n, alongside: forced })).rejects.toThrow(
      /injected failure/,
    );
    let rows = await lowRows(p, user.userId);
    expect([rows.mails, rows.notices, rows.deliveries]).toEqual([[], [], []]);
    expect((await lowBalanceSetting(p, user)).firedAt).toBeNull();
    await settle(p, { holdId: held.holdId, actual: 2_500n });
    rows = await lowRows(p, user.userId);
    expect([rows.mails.length, rows.notices.length, rows.deliveries.length]).toEqual([1, 1, 2]);
  });

  it("many settles racing below the threshold: exactly one crossing, one event per endpoint", async () => {
    await setLowBalance(p, user, { thresholdPt: 2_000n });
    const holds = [];
    for (let i = 0; i < 40; i++)
      holds.push(await reserve(p, { account: user, amount: 60n, key: `t:${randomUUID()}`, ttlSeconds: 600 }));
    await Promise.all(holds.map((h) => settle(p, { holdId: h.holdId, actual: 50n })));
    const rows = await lowRows(p, user.userId);
    expect([rows.mails.length, rows.notices.length, rows.deliveries.length]).toEqual([1, 1, 2]);
    expect(await getBalance(p, user)).toMatchObject({ posted: 1_000n, pending: 0n });
    const account = await p.ledgerAccount.findFirstOrThrow({ where: { type: "user", ownerId: user.userId } });
    expect(await p.lowBalanceAlert.findUniqueOrThrow({ where: { accountId: account.id } })).toMatchObject({
      crossings: 1,
    });
    await expectMonthCounterExact(p, user.userId);
  });
});

describe("balance.low to a real receiving server", () => {
  let db: TestDatabase;
  let p: PrismaClient;
  let rx: Receiver;

  beforeAll(async () => {
    db = await createTestDatabase();
    p = db.prisma;
    rx = await startReceiver();
  });
  afterAll(async () => {
    await rx?.close();
    await db?.cleanup();
  });

  it("delivers a signed balance.low that verifies with the standardwebhooks library", async () => {
    const user = await newUserWithPt(p, 1_000n);
    const made = await createEndpoint(
      p,
      user,
      { userId: user.userId },
      { url: rx.url, events: ["balance.low"] },
    );
    rx.secrets.push(made.secret);
    await setLowBalance(p, user, { thresholdPt: 500n });
    await charge(p, user, 600n);
    const result = await deliverWebhooks(p, { http: { allowLoopback: true, totalTimeoutMs: 5_000 } });
    expect(result.delivered).toBe(1);
    expect(rx.received).toHaveLength(1);
    const got = rx.received[0];
    expect(got?.verifiedWith).toEqual([0]);
    const body = JSON.parse(got?.body ?? "{}");
    expect(body).toMatchObject({
      type: "balance.low",
      data: { userId: user.userId, availablePt: "400", thresholdPt: "500", crossing: 1 },
    });
    expect(body.id).toMatch(/^evt_/);
  });
});
