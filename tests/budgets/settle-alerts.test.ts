// Budget alerts come from the settlement statement itself: at 50, 80 and 100 % of the month's usage
// the settle that reaches a threshold writes the alert, its email, its in-app notice and its
// usage.threshold_crossed outbox rows, all or nothing with the charge, once per account, month and
// threshold — also when many settles of one account race. And the hard stop in admission's
// statement. Runs on Postgres and PGlite.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { removeBudget, setBudget } from "@/lib/budgets/budgets";
import { renderEmail } from "@/lib/email/render";
import { AppError } from "@/lib/errors";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { Prisma } from "@/lib/generated/prisma/client";
import { getBalance } from "@/lib/ledger/accounts";
import { grantCredits } from "@/lib/ledger/grants";
import { reserve } from "@/lib/ledger/holds";
import { settle } from "@/lib/ledger/settle";
import { admitMetered } from "@/lib/metering/admit";
import { eventPayload, webhookEventId } from "@/lib/webhooks-out/emit";
import { createEndpoint } from "@/lib/webhooks-out/endpoints";
import { createTestDatabase, type TestDatabase, testBackends } from "@/tests/helpers/db";
import { alertRows, charge, expectMonthCounterExact, newUserWithPt, type UserAccount } from "./helpers";

describe.each(testBackends())("budget alerts in the settlement on %s", (backend) => {
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
    // (Not truncateAll: the ledger caches its system account ids per client.)
    await p.webhookEndpoint.deleteMany({});
    user = await newUserWithPt(p);
    const admin = { userId: user.userId };
    await createEndpoint(p, admin, { userId: null }, { url, events: ["usage.threshold_crossed"] });
    await createEndpoint(p, admin, { userId: user.userId }, { url, events: ["usage.threshold_crossed"] });
    // Another user's endpoint hears nothing of this user's budget.
    const other = await newUserWithPt(p, 10n);
    await createEndpoint(p, admin, { userId: other.userId }, { url, events: ["usage.threshold_crossed"] });
  });

  it("alerts at 50, 80 and 100 % once each: alert, email, notice and webhook rows", async () => {
    await setBudget(p, user, { amountPt: 1_000n, hardStop: false });
    await charge(p, user, 400n);
    expect((await alertRows(p, user.userId)).alerts).toEqual([]);

    await charge(p, user, 100n); // 500: 50 %
    let rows = await alertRows(p, user.userId);
    expect(rows.alerts.map((a) => [a.threshold, a.spentPt, a.budgetPt])).toEqual([[50, 500n, 1_000n]]);
    expect(rows.mails).toHaveLength(1);
    expect(rows.notices).toHaveLength(1);
    expect(rows.deliveries).toHaveLength(2);

    await charge(p, user, 349n); // 849: 80 %
    await charge(p, user, 150n); // 999: still under 100 %
    rows = await alertRows(p, user.userId);
    expect(rows.alerts.map((a) => a.threshold)).toEqual([50, 80]);
    await charge(p, user, 1n); // 1000: 100 %
    await charge(p, user, 300n); // past it: nothing new
    rows = await alertRows(p, user.userId);
    expect(rows.alerts.map((a) => [a.threshold, a.spentPt])).toEqual([
      [50, 500n],
      [80, 849n],
      [100, 1_000n],
    ]);
    expect(rows.mails).toHaveLength(3);
    expect(rows.notices).toHaveLength(3);
    expect(rows.deliveries).toHaveLength(6);
    expect(await expectMonthCounterExact(p, user.userId)).toBe(1_300n);

    // What each row says. The webhook rows are the ones emitWebhookEvent would write for the event.
    const month = new Date().toISOString().slice(0, 7);
    const alert = rows.alerts[1];
    const key = `budget:${alert?.accountId}:${month}:80`;
    const eventId = webhookEventId("usage.threshold_crossed", key);
    const delivered = rows.deliveries.filter((d) => d.eventId === eventId);
    expect(delivered).toHaveLength(2);
    const payload = delivered[0]?.payload as { timestamp: string };
    expect(payload).toEqual(
      eventPayload(
        "usage.threshold_crossed",
        eventId,
        {
          accountId: alert?.accountId,
          userId: user.userId,
          month,
          threshold: 80,
          spentPt: 849n,
          budgetPt: 1_000n,
          hardStop: false,
        },
        new Date(payload.timestamp),
      ),
    );
    expect(Date.parse(payload.timestamp)).toBe(alert?.createdAt.getTime());
    const owners = await p.webhookEndpoint.findMany({
      where: { id: { in: delivered.map((d) => d.endpointId) } },
      select: { userId: true },
    });
    expect(owners.map((o) => o.userId).sort()).toEqual([null, user.userId].sort());

    const mail = rows.mails.find((m) => m.dedupeKey === key);
    expect(mail?.to).toBe(`${user.userId}@test.local`);
    // A usage mail: the recipient may turn it off (email preferences, one-click unsubscribe).
    expect(mail?.category).toBe("usage");
    const rendered = renderEmail("budget-alert", mail?.data);
    expect(rendered.subject).toBe("You have used 80% of your Ledgerchat monthly budget");
    expect(rendered.text).toContain("849 PT");
    expect(rendered.text).toContain("1,000 PT ($0.01)");
    expect(rendered.text).toContain("http://");
    const notice = rows.notices.find((n) => n.dedupeKey === key);
    expect(notice).toMatchObject({ title: "80% of your monthly budget used", link: "/account/chat#budget" });
    expect(notice?.body).toMatch(/^849 PT of your 1,000 PT budget used in \w+ \d{4} \(UTC\)\.$/);
    const reached = rows.notices.find((n) => n.dedupeKey?.endsWith(":100"));
    expect(reached?.title).toBe("Monthly budget reached");
  });

  it("one settle past several thresholds alerts each of them once", async () => {
    await setBudget(p, user, { amountPt: 1_000n, hardStop: true });
    await charge(p, user, 2_500n);
    const rows = await alertRows(p, user.userId);
    expect(rows.alerts.map((a) => a.threshold)).toEqual([50, 80, 100]);
    expect(rows.mails).toHaveLength(3);
    const mail = rows.mails.find((m) => m.dedupeKey?.endsWith(":100"));
    expect(renderEmail("budget-alert", mail?.data).text).toMatch(/hard stop: chat and API requests/);
  });

  it("rolls back with the settlement: a failing statement leaves no alert, mail, notice or event", async () => {
    await setBudget(p, user, { amountPt: 100n, hardStop: false });
    const held = await reserve(p, { account: user, amount: 200n, key: `t:${randomUUID()}`, ttlSeconds: 60 });
    // A caller's write in the same statement fails after the budget CTEs ran (a write always runs).
    const forced = Prisma.sql`boom AS (INSERT INTO "ChatStreamSlot" ("ownerKey", slot, "messageId", "expiresAt")
      SELECT 'x', ledger_fail('injected failure')::int, gen_random_uuid(), now() FROM settled)`;
    await expect(settle(p, { holdId: held.holdId, actual: 150n, alongside: forced })).rejects.toThrow(
      /injected failure/,
    );
    let rows = await alertRows(p, user.userId);
    expect([rows.alerts, rows.mails, rows.notices, rows.deliveries]).toEqual([[], [], [], []]);
    expect(await getBalance(p, user)).toMatchObject({ pending: 200n });
    // The same settle without the failure commits the charge and all of its alerts together.
    await settle(p, { holdId: held.holdId, actual: 150n });
    rows = await alertRows(p, user.userId);
    expect(rows.alerts.map((a) => a.threshold)).toEqual([50, 80, 100]);
    expect([rows.mails.length, rows.notices.length, rows.deliveries.length]).toEqual([3, 3, 6]);
  });

  it("concurrent settles of one account: each threshold alerts exactly once, the month counter is exact", async () => {
    await setBudget(p, user, { amountPt: 1_000n, hardStop: false });
    const holds = [];
    for (let i = 0; i < 40; i++)
      holds.push(await reserve(p, { account: user, amount: 40n, key: `t:${randomUUID()}`, ttlSeconds: 600 }));
    await Promise.all(holds.map((h) => settle(p, { holdId: h.holdId, actual: 30n })));
    const rows = await alertRows(p, user.userId);
    expect(rows.alerts.map((a) => a.threshold)).toEqual([50, 80, 100]);
    // Each alert names the exact usage of the settle that reached it (a multiple of 30 just past it).
    expect(rows.alerts.map((a) => a.spentPt)).toEqual([510n, 810n, 1_020n]);
    expect([rows.mails.length, rows.notices.length, rows.deliveries.length]).toEqual([3, 3, 6]);
    expect(await expectMonthCounterExact(p, user.userId)).toBe(1_200n);
  });

  it("a new month starts the counter afresh and alerts again; no budget, no alert", async () => {
    await setBudget(p, user, { amountPt: 100n, hardStop: false });
    const nov = new Date("2030-11-30T23:59:00Z");
    const dec = new Date("2030-12-01T00:01:00Z");
    await charge(p, user, 60n, { now: nov });
    await charge(p, user, 60n, { now: dec });
    let alerts = (await alertRows(p, user.userId)).alerts;
    expect(alerts.map((a) => [a.month, a.threshold, a.spentPt])).toEqual([
      ["2030-11", 50, 60n],
      ["2030-12", 50, 60n],
    ]);
    expect(await expectMonthCounterExact(p, user.userId)).toBe(60n);
    await removeBudget(p, user);
    await charge(p, user, 100n, { now: dec });
    alerts = (await alertRows(p, user.userId)).alerts;
    expect(alerts).toHaveLength(2);
    expect(await expectMonthCounterExact(p, user.userId)).toBe(160n);
  });

  it("a budget lowered below the month's usage alerts on the next charge, once per threshold", async () => {
    await setBudget(p, user, { amountPt: 10_000n, hardStop: false });
    await charge(p, user, 900n);
    expect((await alertRows(p, user.userId)).alerts).toEqual([]);
    await setBudget(p, user, { amountPt: 1_000n, hardStop: false });
    await charge(p, user, 1n);
    expect((await alertRows(p, user.userId)).alerts.map((a) => a.threshold)).toEqual([50, 80]);
    await setBudget(p, user, { amountPt: 500n, hardStop: false });
    await charge(p, user, 1n);
    expect((await alertRows(p, user.userId)).alerts.map((a) => a.threshold)).toEqual([50, 80, 100]);
  });

  it("the hard stop refuses in admission's statement (budget_exceeded), counting open holds", async () => {
    await setBudget(p, user, { amountPt: 100n, hardStop: true });
    await charge(p, user, 30n);
    const admit = (amount: bigint) => {
      const id = randomUUID();
      return admitMetered(p, {
        reservation: { account: user, amount, key: `t:${id}`, ttlSeconds: 60 },
        slot: { ownerKey: `u:${user.userId}`, limit: 10, requestId: id },
        dailyPtCap: 10n ** 12n,
        at: new Date(),
        busy: () => new AppError("rate_limited"),
        duplicate: () => new AppError("conflict"),
      });
    };
    const first = await admit(50n); // 30 used + 50 held ≤ 100
    await expect(admit(21n)).rejects.toMatchObject({
      code: "budget_exceeded",
      details: { budgetPt: 100n, spentPt: 30n, reservedPt: 50n, needed: 21n },
    });
    await admit(20n); // exactly the budget
    expect(await getBalance(p, user)).toMatchObject({ pending: 70n });
    await settle(p, { holdId: first.hold.holdId, actual: 10n });
    await admit(40n); // 40 used + 20 held + 40 = 100
    await expect(admit(1n)).rejects.toMatchObject({ code: "budget_exceeded" });
  });

  it("guest accounts keep the counter too; a 0 PT settle alerts nothing", async () => {
    const guest = { kind: "guest" as const, guestId: randomUUID() };
    await grantCredits(p, { account: guest, amount: 100n, source: "trial", key: `g:${randomUUID()}` });
    const held = await reserve(p, { account: guest, amount: 50n, key: `t:${randomUUID()}`, ttlSeconds: 60 });
    await settle(p, { holdId: held.holdId, actual: 20n });
    const acct = await p.ledgerAccount.findFirstOrThrow({ where: { type: "guest", ownerId: guest.guestId } });
    expect(acct.monthSpentPt).toBe(20n);
    await setBudget(p, user, { amountPt: 1n, hardStop: false });
    await charge(p, user, 0n, { hold: 10n });
    expect((await alertRows(p, user.userId)).alerts).toEqual([]);
  });
});
