// Low-balance alerts of a team's pool, from the settlement statement as for a user: the settle of a
// member's hold that leaves the pool below the threshold tells the owners and admins (mail and
// in-app notice each), the billing email (account mail: no user to unsubscribe) and the operator's
// balance.low endpoints — never a member's or viewer's, nor anyone's personal endpoint — once per
// crossing, also when 40 settles race below it; only owners and admins may set it. Real Postgres.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setTeamLowBalance, teamLowBalanceSetting } from "@/lib/budgets/team-low-balance";
import { renderEmail } from "@/lib/email/render";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { getBalance } from "@/lib/ledger/accounts";
import { grantCredits } from "@/lib/ledger/grants";
import { reserve } from "@/lib/ledger/holds";
import { checkLedgerInvariants } from "@/lib/ledger/invariants";
import { settle } from "@/lib/ledger/settle";
import { teamAccount } from "@/lib/teams/admission-gate";
import { webhookEventId } from "@/lib/webhooks-out/emit";
import { createEndpoint } from "@/lib/webhooks-out/endpoints";
import { createTestDatabase, type TestDatabase } from "@/tests/helpers/db";
import { makeTeam } from "@/tests/teams/helpers";

let db: TestDatabase;
let p: PrismaClient;
const url = "http://127.0.0.1:9/hook";

beforeAll(async () => {
  db = await createTestDatabase();
  p = db.prisma;
});
afterAll(async () => db?.cleanup());

async function team(pt: bigint, billingEmail: string | null) {
  const { teamId, ownerId, memberIds } = await makeTeam(p, ["admin", "member", "viewer"]);
  if (billingEmail) await p.team.update({ where: { id: teamId }, data: { billingEmail } });
  const account = teamAccount(teamId);
  await grantCredits(p, { account, amount: pt, source: "purchase", key: `buy:${randomUUID()}` });
  const [adminId, memberId, viewerId] = memberIds as [string, string, string];
  const ledger = await p.ledgerAccount.findFirstOrThrow({ where: { type: "team", ownerId: teamId } });
  return { teamId, ownerId, adminId, memberId, viewerId, account, accountId: ledger.id };
}

type Team = Awaited<ReturnType<typeof team>>;

async function spend(t: Team, pt: bigint, hold = pt) {
  const held = await reserve(p, {
    account: t.account,
    amount: hold,
    key: `t:${randomUUID()}`,
    ttlSeconds: 600,
    metadata: { teamId: t.teamId, memberId: t.memberId },
  });
  return held;
}

async function charge(t: Team, pt: bigint) {
  const held = await spend(t, pt);
  await settle(p, { holdId: held.holdId, actual: pt, metadata: { model: "demo" } });
}

async function rows(t: Team) {
  const [mails, notices, deliveries] = await Promise.all([
    p.emailOutbox.findMany({
      where: { template: "low-balance", dedupeKey: { startsWith: `lowbal:${t.accountId}:` } },
      orderBy: { dedupeKey: "asc" },
    }),
    p.notification.findMany({
      where: { kind: "low_balance", dedupeKey: { startsWith: `lowbal:${t.accountId}:` } },
      orderBy: { dedupeKey: "asc" },
    }),
    p.webhookDelivery.findMany({
      where: { eventType: "balance.low", payload: { path: ["data", "teamId"], equals: t.teamId } },
    }),
  ]);
  return { mails, notices, deliveries };
}

const errors = async () => (await checkLedgerInvariants(p)).filter((v) => v.severity === "error");

describe("team pool low-balance alerts", () => {
  it("only owners and admins set it; a crossing tells owners, admins, the billing email and the operator once", async () => {
    const t = await team(3_000n, "billing@acme.test");
    await p.webhookEndpoint.deleteMany({});
    const operator = await createEndpoint(
      p,
      { userId: t.ownerId },
      { userId: null },
      { url, events: ["balance.low"] },
    );
    // Personal endpoints of the owner and the admin: a team's pool is not their balance.
    for (const userId of [t.ownerId, t.adminId])
      await createEndpoint(p, { userId }, { userId }, { url, events: ["balance.low"] });

    for (const userId of [t.memberId, t.viewerId])
      await expect(
        setTeamLowBalance(p, { teamId: t.teamId, userId, thresholdPt: 1_000n }),
      ).rejects.toMatchObject({
        code: "forbidden",
      });
    await expect(teamLowBalanceSetting(p, { teamId: t.teamId, userId: randomUUID() })).rejects.toMatchObject({
      code: "not_found",
    });
    await charge(t, 500n); // no alert set: nothing
    expect((await rows(t)).mails).toEqual([]);

    await setTeamLowBalance(p, { teamId: t.teamId, userId: t.adminId, thresholdPt: 1_000n });
    expect((await teamLowBalanceSetting(p, { teamId: t.teamId, userId: t.ownerId })).thresholdPt).toBe(
      1_000n,
    );
    await charge(t, 1_000n); // 1,500: above
    expect((await rows(t)).mails).toEqual([]);
    await charge(t, 600n); // 900: crossed
    await charge(t, 100n); // 800: no repeat
    let r = await rows(t);
    const owner = await p.user.findUniqueOrThrow({ where: { id: t.ownerId } });
    const admin = await p.user.findUniqueOrThrow({ where: { id: t.adminId } });
    expect(r.mails.map((m) => m.to).sort()).toEqual([admin.email, owner.email, "billing@acme.test"].sort());
    expect(r.mails.find((m) => m.to === "billing@acme.test")).toMatchObject({
      userId: null,
      category: "account",
    });
    expect(r.mails.find((m) => m.to === owner.email)).toMatchObject({ userId: t.ownerId, category: "usage" });
    expect(r.notices.map((n) => n.userId).sort()).toEqual([t.adminId, t.ownerId].sort());
    expect(r.notices[0]).toMatchObject({
      title: "The Acme pool is low",
      link: `/teams/${t.teamId}/billing`,
      body: "900 PT left in the team pool, below its alert at 1,000 PT. Top up the pool to keep the team chatting.",
    });
    // One event, to the operator's endpoint only.
    expect(r.deliveries.map((d) => d.endpointId)).toEqual([operator.endpoint.id]);
    expect(r.deliveries[0]?.eventId).toBe(webhookEventId("balance.low", `lowbal:${t.accountId}:1`));
    expect((r.deliveries[0]?.payload as { data?: unknown } | undefined)?.data).toEqual({
      accountId: t.accountId,
      teamId: t.teamId,
      availablePt: "900",
      thresholdPt: "1000",
      crossing: 1,
    });
    const rendered = renderEmail("low-balance", r.mails[0]?.data);
    expect(rendered.subject).toBe("The Acme pool on Ledgerchat is low");
    expect(rendered.text).toContain("900 PT");
    expect(rendered.text).toContain(`/teams/${t.teamId}/billing#low-balance`);

    // A credit back to the threshold re-arms it; the next crossing tells everyone again.
    await grantCredits(p, {
      account: t.account,
      amount: 1_200n,
      source: "purchase",
      key: `buy:${randomUUID()}`,
    });
    await charge(t, 1_001n); // 999
    r = await rows(t);
    expect([r.mails.length, r.notices.length, r.deliveries.length]).toEqual([6, 4, 2]);
    // Turned off: nothing more.
    await setTeamLowBalance(p, { teamId: t.teamId, userId: t.ownerId, thresholdPt: null });
    await grantCredits(p, {
      account: t.account,
      amount: 5_000n,
      source: "purchase",
      key: `buy:${randomUUID()}`,
    });
    await charge(t, 5_500n);
    expect((await rows(t)).mails).toHaveLength(6);
    expect(await errors()).toEqual([]);
  });

  it("a billing email that is an owner's address gets one mail; with none set, the owner's mail is it", async () => {
    const t = await team(2_000n, null);
    await setTeamLowBalance(p, { teamId: t.teamId, userId: t.ownerId, thresholdPt: 1_000n });
    await charge(t, 1_500n);
    expect((await rows(t)).mails).toHaveLength(2); // owner + admin
    const u = await team(2_000n, null);
    const owner = await p.user.findUniqueOrThrow({ where: { id: u.ownerId } });
    await p.team.update({ where: { id: u.teamId }, data: { billingEmail: owner.email.toUpperCase() } });
    await setTeamLowBalance(p, { teamId: u.teamId, userId: u.ownerId, thresholdPt: 1_000n });
    await charge(u, 1_500n);
    expect((await rows(u)).mails).toHaveLength(2);
  });

  it("40 members' settles racing below the threshold: one crossing, one mail per person, one event", async () => {
    const t = await team(3_000n, "pool@acme.test");
    await setTeamLowBalance(p, { teamId: t.teamId, userId: t.ownerId, thresholdPt: 2_000n });
    const holds = [];
    for (let i = 0; i < 40; i++) holds.push(await spend(t, 50n, 60n));
    await Promise.all(holds.map((h) => settle(p, { holdId: h.holdId, actual: 50n })));
    const r = await rows(t);
    expect([r.mails.length, r.notices.length]).toEqual([3, 2]);
    expect(
      await p.webhookDelivery.count({
        where: { eventId: webhookEventId("balance.low", `lowbal:${t.accountId}:1`) },
      }),
    ).toBe(
      await p.webhookEndpoint.count({
        where: { userId: null, enabled: true, events: { has: "balance.low" } },
      }),
    );
    expect(await getBalance(p, t.account)).toMatchObject({ posted: 1_000n, pending: 0n });
    expect(await p.lowBalanceAlert.findUniqueOrThrow({ where: { accountId: t.accountId } })).toMatchObject({
      crossings: 1,
    });
    expect(await errors()).toEqual([]);
  });
});
