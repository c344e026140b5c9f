// Property-based (fast-check): random teams (member daily and monthly caps, a team daily cap, or
// none) and random sequences of funding, admissions of members (the metered admission with the
// team gate), settlements and releases. After every step: the ledger's invariants hold, the pool is
// never negative, and every admission was decided exactly as a simple model says: admitted iff the
// pool has the worst case and no cap would be passed (else refused with the reason of the first
// cap in the way); so no member ever spends past a cap and the team never past its own.
import { randomUUID } from "node:crypto";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AppError, isAppError } from "@/lib/errors";
import { getBalance } from "@/lib/ledger/accounts";
import { release } from "@/lib/ledger/holds";
import { checkLedgerInvariants } from "@/lib/ledger/invariants";
import { settle } from "@/lib/ledger/settle";
import { admitMetered } from "@/lib/metering/admit";
import { teamAccount, teamHoldMetadata } from "@/lib/teams/admission-gate";
import { NO_DAILY_CAP } from "@/lib/teams/workspace";
import { createTestDatabase, type TestDatabase, testBackends } from "@/tests/helpers/db";
import { fund, makeTeam } from "./helpers";

type Op =
  | { t: "fund"; amount: number }
  | { t: "admit"; member: number; amount: number }
  | { t: "settle"; hold: number; actual: number }
  | { t: "release"; hold: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 1,
    arbitrary: fc.record({ t: fc.constant("fund" as const), amount: fc.integer({ min: 1, max: 400 }) }),
  },
  {
    weight: 4,
    arbitrary: fc.record({
      t: fc.constant("admit" as const),
      member: fc.nat(2),
      amount: fc.integer({ min: 1, max: 150 }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      t: fc.constant("settle" as const),
      hold: fc.nat(15),
      actual: fc.integer({ min: 0, max: 200 }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ t: fc.constant("release" as const), hold: fc.nat(15) }) },
);
const capArb = fc.option(fc.integer({ min: 1, max: 500 }), { nil: null });
const caseArb = fc.record({
  memberCaps: fc.array(fc.record({ daily: capArb, monthly: capArb }), { minLength: 3, maxLength: 3 }),
  teamCap: capArb,
  ops: fc.array(opArb, { minLength: 4, maxLength: 18 }),
});

type ModelHold = {
  id: string;
  member: number;
  amount: bigint;
  status: "open" | "settled" | "released";
  charged: bigint;
};

describe.each(testBackends())("team pool properties on %s", (backend) => {
  let db: TestDatabase;
  let adminId: string;
  beforeAll(async () => {
    db = await createTestDatabase(backend);
    adminId = randomUUID();
  });
  afterAll(async () => {
    await db?.cleanup();
  });

  it("decides every admission as the model does and keeps every invariant", async () => {
    const p = db.prisma;
    await fc.assert(
      fc.asyncProperty(caseArb, async ({ memberCaps, teamCap, ops }) => {
        const { teamId, ownerId, memberIds } = await makeTeam(p, ["member", "member"]);
        const spenders = [ownerId, ...memberIds];
        for (const [i, caps] of memberCaps.entries())
          await p.teamMember.update({
            where: { teamId_userId: { teamId, userId: spenders[i] as string } },
            data: {
              dailyCapPt: caps.daily === null ? null : BigInt(caps.daily),
              monthlyCapPt: caps.monthly === null ? null : BigInt(caps.monthly),
            },
          });
        if (teamCap !== null)
          await p.team.update({ where: { id: teamId }, data: { dailyCapPt: BigInt(teamCap) } });
        let funded = 0n;
        const holds: ModelHold[] = [];
        const spent = (member?: number) =>
          holds
            .filter((h) => member === undefined || h.member === member)
            .reduce(
              (s, h) => s + (h.status === "open" ? h.amount : h.status === "settled" ? h.charged : 0n),
              0n,
            );

        for (const op of ops) {
          if (op.t === "fund") {
            await fund(p, teamId, BigInt(op.amount), adminId);
            funded += BigInt(op.amount);
          } else if (op.t === "admit") {
            const amount = BigInt(op.amount);
            const charged = holds.reduce((s, h) => s + (h.status === "settled" ? h.charged : 0n), 0n);
            const pending = holds.reduce((s, h) => s + (h.status === "open" ? h.amount : 0n), 0n);
            const caps = memberCaps[op.member] as { daily: number | null; monthly: number | null };
            const mine = spent(op.member);
            const expected =
              funded - charged - pending < amount
                ? "pt_exhausted"
                : teamCap !== null && spent() + amount > BigInt(teamCap)
                  ? "team_daily_cap"
                  : caps.daily !== null && mine + amount > BigInt(caps.daily)
                    ? "member_daily_cap"
                    : caps.monthly !== null && mine + amount > BigInt(caps.monthly)
                      ? "member_monthly_cap"
                      : "admitted";
            const requestId = randomUUID();
            const payer = { teamId, memberId: spenders[op.member] as string };
            const outcome = await admitMetered(p, {
              reservation: {
                account: teamAccount(teamId),
                amount,
                key: `prop:${requestId}`,
                ttlSeconds: 600,
                metadata: teamHoldMetadata(payer),
              },
              slot: { ownerKey: `prop:${requestId}`, limit: 1, requestId },
              dailyPtCap: NO_DAILY_CAP,
              at: new Date(),
              team: payer,
              busy: () => new AppError("rate_limited", "busy"),
              duplicate: () => new AppError("conflict", "duplicate"),
            }).then(
              ({ hold }) => {
                holds.push({ id: hold.holdId, member: op.member, amount, status: "open", charged: 0n });
                return "admitted";
              },
              (error: unknown) => {
                if (!isAppError(error)) throw error;
                if (error.code === "pt_exhausted") return "pt_exhausted";
                return String((error.details as { reason?: string } | undefined)?.reason ?? error.code);
              },
            );
            expect(outcome).toBe(expected);
          } else {
            const hold = holds.filter((h) => h.status === "open")[op.hold % Math.max(1, holds.length)];
            if (!hold) continue;
            if (op.t === "settle") {
              const result = await settle(p, { holdId: hold.id, actual: BigInt(op.actual) });
              hold.status = "settled";
              hold.charged = result.charged;
              expect(result.charged).toBe(BigInt(op.actual) < hold.amount ? BigInt(op.actual) : hold.amount);
            } else {
              await release(p, { holdId: hold.id });
              hold.status = "released";
            }
          }
          const pool = await getBalance(p, teamAccount(teamId));
          expect(pool.posted - pool.pending).toBeGreaterThanOrEqual(0n);
          expect(pool.pending).toBe(holds.reduce((s, h) => s + (h.status === "open" ? h.amount : 0n), 0n));
          for (const [i, caps] of memberCaps.entries()) {
            if (caps.daily !== null) expect(spent(i)).toBeLessThanOrEqual(BigInt(caps.daily));
            if (caps.monthly !== null) expect(spent(i)).toBeLessThanOrEqual(BigInt(caps.monthly));
          }
          if (teamCap !== null) expect(spent()).toBeLessThanOrEqual(BigInt(teamCap));
        }
        expect(await checkLedgerInvariants(p)).toEqual([]);
      }),
      { numRuns: backend === "postgres" ? 25 : 8, endOnFailure: true },
    );
  });
});
