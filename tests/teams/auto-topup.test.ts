// Team auto top-up on real Postgres, through the user auto top-up's machinery: settlements of team
// members' holds crossing the pool's threshold queue one charge per crossing (however many race),
// the job charges the team's own customer (metadata names the team, not the member) and the PT
// reach the team's pool only through the webhook route, once, even when replayed; the mails go to the
// billing email; a member's personal auto top-up is separate; a failed charge turns only the team's off.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { setAutoTopUp } from "@/lib/billing/auto-topup";
import { runAutoTopUps } from "@/lib/billing/auto-topup-run";
import { PACK_PT } from "@/lib/billing/catalog";
import { setTeamAutoTopUp, teamAutoTopUpSettings } from "@/lib/billing/team-auto-topup";
import { AppError } from "@/lib/errors";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { getBalance } from "@/lib/ledger/accounts";
import { grantCredits } from "@/lib/ledger/grants";
import { reserve } from "@/lib/ledger/holds";
import { checkLedgerInvariants } from "@/lib/ledger/invariants";
import { settle } from "@/lib/ledger/settle";
import { teamAccount } from "@/lib/teams/admission-gate";
import { installAppDb } from "@/tests/auth/helpers";
import { deliver, useTestModeEnv } from "@/tests/billing/helpers";
import { createTestDatabase, type TestDatabase } from "@/tests/helpers/db";
import { makeTeam } from "./helpers";

const webhook = await import("@/app/api/stripe/webhook/route");
const SMALL = PACK_PT.small;

let db: TestDatabase;
let p: PrismaClient;
const posted: string[] = [];

beforeAll(async () => {
  db = await createTestDatabase();
  p = db.prisma;
  installAppDb(p);
  vi.stubGlobal("fetch", async (input: URL | string, init?: RequestInit) => {
    posted.push(String(init?.body ?? ""));
    return webhook.POST(new Request(new URL(String(input)), init), { params: Promise.resolve({}) });
  });
});
afterAll(async () => {
  vi.unstubAllGlobals();
  await db?.cleanup();
});
beforeEach(() => useTestModeEnv({ APP_URL: "http://app.test" }));

/** A team with a customer, a past team purchase (test mode's saved card) and `pt` PT in its pool. */
async function paidTeam(pt: bigint) {
  const { teamId, ownerId, memberIds } = await makeTeam(p, ["admin", "member"]);
  const customer = `cus_test_team_${randomUUID().slice(0, 8)}`;
  await p.team.update({
    where: { id: teamId },
    data: { stripeCustomerId: customer, billingEmail: `billing-${teamId}@acme.test` },
  });
  await p.payment.create({
    data: {
      userId: ownerId,
      teamId,
      kind: "topup",
      sourceId: `cs_${randomUUID()}`,
      amountMinor: 500n,
      currency: "usd",
      pt: 1n,
      description: "x",
    },
  });
  const account = teamAccount(teamId);
  await grantCredits(p, { account, amount: pt, source: "purchase", key: `buy:${randomUUID()}` });
  return { teamId, ownerId, adminId: memberIds[0] as string, memberId: memberIds[1] as string, account };
}

const errors = async () => (await checkLedgerInvariants(p)).filter((v) => v.severity === "error");

describe("team auto top-up (test mode)", () => {
  it("members' settles crossing at once queue one charge; parallel runs charge the team's customer once; the webhook credits the pool once", async () => {
    const t = await paidTeam(3_000n);
    await setTeamAutoTopUp(p, {
      teamId: t.teamId,
      userId: t.adminId,
      settings: { enabled: true, thresholdPt: 2_000n, pack: "small", maxPerDay: 3 },
    });
    const holds = [];
    for (let i = 0; i < 40; i++)
      holds.push(
        await reserve(p, {
          account: t.account,
          amount: 60n,
          key: `t:${randomUUID()}`,
          ttlSeconds: 600,
          metadata: { teamId: t.teamId, memberId: t.memberId },
        }),
      );
    await Promise.all(holds.map((h) => settle(p, { holdId: h.holdId, actual: 50n })));
    const queued = await p.autoTopUpCharge.findMany({ where: { teamId: t.teamId } });
    expect(queued).toHaveLength(1);

    posted.length = 0;
    const runs = await Promise.all([runAutoTopUps(p), runAutoTopUps(p), runAutoTopUps(p)]);
    expect(runs.reduce((n, r) => n + r.charged, 0)).toBe(1);
    expect((await getBalance(p, t.account)).posted).toBe(1_000n + SMALL);
    const event = JSON.parse(posted.find((b) => b.includes("payment_intent.succeeded")) ?? "{}");
    const team = await p.team.findUniqueOrThrow({ where: { id: t.teamId } });
    expect(event.data.object).toMatchObject({
      customer: team.stripeCustomerId,
      metadata: { teamId: t.teamId },
    });
    expect(event.data.object.metadata.userId).toBeUndefined();
    // Replays and a resend under another id credit nothing more.
    await Promise.all([0, 1, 2].map(() => deliver(p, event, new Date())));
    await deliver(p, { ...event, id: `evt_other_${randomUUID().slice(0, 8)}` }, new Date());
    expect((await getBalance(p, t.account)).posted).toBe(1_000n + SMALL);
    // Nothing reached the admin's or member's own accounts; the payment is the team's.
    expect(
      await p.payment.count({ where: { teamId: t.teamId, description: "Team auto top-up: small" } }),
    ).toBe(1);
    const mails = await p.emailOutbox.findMany({ where: { to: team.billingEmail ?? "" } });
    expect(mails.map((m) => m.template).sort()).toEqual(["auto-topup", "purchase-receipt"]);
    expect((await teamAutoTopUpSettings(p, { teamId: t.teamId, userId: t.ownerId })).charges[0]?.status).toBe(
      "succeeded",
    );
    expect(await errors()).toEqual([]);
  });

  it("a member may not set it (403); turning it on needs a team purchase first (409)", async () => {
    const t = await paidTeam(1_000n);
    const settings = { enabled: true, thresholdPt: 500n, pack: "small" as const, maxPerDay: 1 };
    await expect(
      setTeamAutoTopUp(p, { teamId: t.teamId, userId: t.memberId, settings }),
    ).rejects.toMatchObject({ code: "forbidden" });
    await p.payment.deleteMany({ where: { teamId: t.teamId } });
    const refused = await setTeamAutoTopUp(p, { teamId: t.teamId, userId: t.ownerId, settings }).catch(
      (e: unknown) => e,
    );
    expect(refused).toBeInstanceOf(AppError);
    expect((refused as AppError).code).toBe("conflict");
  });

  it("a member's personal auto top-up and the team's are separate; a declined team charge turns only the team's off", async () => {
    const t = await paidTeam(3_000n);
    // The admin's own auto top-up (a personal purchase first: test mode's saved card).
    await p.billingCustomer.create({
      data: { userId: t.adminId, stripeCustomerId: `cus_${randomUUID().slice(0, 8)}` },
    });
    await p.payment.create({
      data: {
        userId: t.adminId,
        kind: "topup",
        sourceId: `cs_${randomUUID()}`,
        amountMinor: 500n,
        currency: "usd",
        pt: 1n,
        description: "x",
      },
    });
    await setAutoTopUp(p, t.adminId, { enabled: true, thresholdPt: 100n, pack: "small", maxPerDay: 1 });
    await setTeamAutoTopUp(p, {
      teamId: t.teamId,
      userId: t.adminId,
      settings: { enabled: true, thresholdPt: 2_000n, pack: "small", maxPerDay: 1 },
    });
    expect(await p.autoTopUp.count({ where: { userId: t.adminId, enabled: true } })).toBe(2);
    const hold = await reserve(p, {
      account: t.account,
      amount: 1_500n,
      key: `t:${randomUUID()}`,
      ttlSeconds: 600,
      metadata: { teamId: t.teamId, memberId: t.memberId },
    });
    await settle(p, { holdId: hold.holdId, actual: 1_500n });
    const [queued] = await p.autoTopUpCharge.findMany({ where: { teamId: t.teamId } });
    if (!queued) throw new Error("no charge queued");
    // The charge fails after submission (payment_intent.payment_failed from Stripe).
    const failed = {
      id: `evt_fail_${randomUUID().slice(0, 8)}`,
      object: "event",
      type: "payment_intent.payment_failed",
      created: Math.floor(Date.now() / 1000),
      livemode: false,
      api_version: "2025-01-01",
      data: {
        object: {
          id: `pi_${randomUUID().slice(0, 8)}`,
          object: "payment_intent",
          amount: 500,
          currency: "usd",
          customer: (await p.team.findUniqueOrThrow({ where: { id: t.teamId } })).stripeCustomerId,
          status: "requires_payment_method",
          metadata: { kind: "auto_topup", chargeId: queued.id, teamId: t.teamId, pack: "small" },
          last_payment_error: { message: "Your card was declined." },
        },
      },
    };
    await deliver(p, failed as never, new Date());
    expect(await p.autoTopUpCharge.findUniqueOrThrow({ where: { id: queued.id } })).toMatchObject({
      status: "failed",
    });
    const team = await p.autoTopUp.findUniqueOrThrow({ where: { teamId: t.teamId } });
    expect(team).toMatchObject({ enabled: false, offReason: "Your card was declined." });
    expect(await p.autoTopUp.findFirstOrThrow({ where: { userId: t.adminId, teamId: null } })).toMatchObject({
      enabled: true,
    });
    expect(await errors()).toEqual([]);
  });
});
