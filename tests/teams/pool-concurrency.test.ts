// The shared pool under concurrency, at the route handlers on real Postgres: 10 members × 5
// concurrent chats (then the same through team-owned API keys) against a pool with PT for exactly
// 20 messages. The fake provider reports far more usage than the worst case, so every served
// message is charged exactly its hold and settling frees nothing: exactly 20 are served, each
// member's daily and monthly caps hold, the pool never goes negative, and the ledger's invariants
// are clean afterwards. Throttles (streams, requests per minute) are raised so that the pool and
// the caps are the only guards tested. And the team's own daily cap, likewise exact.
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { getBalance } from "@/lib/ledger/accounts";
import { checkLedgerInvariants } from "@/lib/ledger/invariants";
import { estimate } from "@/lib/pricing/estimate";
import { teamAccount } from "@/lib/teams/admission-gate";
import { APP, appFetch, newKey } from "@/tests/api/helpers";
import { createUser, readAll, wireFakeProvider } from "@/tests/chat/helpers";
import type { FakeProvider } from "@/tests/fakes/openai-compatible-server";
import { startFakeProvider } from "@/tests/fakes/openai-compatible-server";
import { createTestDatabase, type TestDatabase } from "@/tests/helpers/db";
import { asUser, fund, makeTeam, TEST_USER_HEADER } from "./helpers";

const state = vi.hoisted(() => ({ prisma: null as unknown }));
vi.mock("@/lib/auth/principal", () => ({
  resolveUser: async (request: Request) => {
    const userId = request.headers.get("x-test-user");
    return userId
      ? { kind: "user", userId, role: "USER", status: "active", twoFactorEnabled: false, emailVerified: true }
      : null;
  },
  resolveGuest: async () => null,
}));
vi.mock("@/lib/db", async (importOriginal) => ({
  ...(await importOriginal<object>()),
  getDb: async () => state.prisma,
}));
vi.mock("@/lib/entitlements", async (importOriginal) => {
  const original = await importOriginal<typeof import("@/lib/entitlements")>();
  return {
    ...original,
    entitlementsFor: (plan: Parameters<typeof original.entitlementsFor>[0]) => ({
      ...original.entitlementsFor(plan),
      concurrentStreams: 50,
      requestsPerMinute: 1_000,
    }),
  };
});

const { POST: chatPOST } = await import("@/app/api/chat/route");
const { GET: accountGET } = await import("@/app/api/chat/account/route");

const MESSAGE = "Spend from the pool";
const MAX_TOKENS = 16;
const MEMBERS = 10;
const PER_MEMBER = 5;
const POOL_MESSAGES = 20n;

describe("the team pool under concurrency", () => {
  let db: TestDatabase;
  let p: PrismaClient;
  let fake: FakeProvider;
  let hold: bigint;
  let adminId: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    p = db.prisma;
    state.prisma = p;
    fake = await startFakeProvider();
    await wireFakeProvider(p, fake);
    // Usage far above the worst case: every served message is charged exactly its hold.
    fake.setBehavior("fake-model", { promptOverhead: 100_000, chunkDelayMs: 2 });
    hold = (
      await estimate(p, {
        model: "fake-model",
        messages: [{ role: "user", content: MESSAGE }],
        maxOutputTokens: MAX_TOKENS,
      })
    ).pt;
    adminId = await createUser(p);
  });
  afterAll(async () => {
    await fake.close();
    await db.cleanup();
  });

  /** 10 spenders: the owner and 9 members; caps of 1, 1, 2 (monthly) and 3 messages for the rest. */
  async function teamWithCaps() {
    const { teamId, ownerId, memberIds } = await makeTeam(p, Array(MEMBERS - 1).fill("member"));
    const spenders = [ownerId, ...memberIds];
    const caps = new Map<string, bigint>();
    for (const [i, userId] of spenders.entries()) {
      const messages = i < 2 ? 1n : i === 2 ? 2n : 3n;
      caps.set(userId, messages * hold);
      await p.teamMember.update({
        where: { teamId_userId: { teamId, userId } },
        data: i === 2 ? { monthlyCapPt: messages * hold } : { dailyCapPt: messages * hold },
      });
    }
    await fund(p, teamId, POOL_MESSAGES * hold, adminId);
    return { teamId, spenders, caps };
  }

  async function expectPoolExact(
    teamId: string,
    spenders: string[],
    caps: Map<string, bigint>,
    served: number,
  ) {
    expect(served).toBe(Number(POOL_MESSAGES));
    const pool = await getBalance(p, teamAccount(teamId));
    expect(pool.pending).toBe(0n);
    expect(pool.available).toBe(0n);
    expect(pool.posted).toBe(0n);
    const holds = await p.ledgerHold.findMany({ where: { accountId: pool.accountId } });
    expect(holds.filter((h) => h.status === "open")).toHaveLength(0);
    for (const userId of spenders) {
      const mine = holds.filter((h) => (h.metadata as { memberId?: string } | null)?.memberId === userId);
      const spent = mine.reduce((sum, h) => sum + (h.charged ?? 0n), 0n);
      expect(spent).toBeLessThanOrEqual(caps.get(userId) ?? -1n);
    }
    // Every hold on the pool names its member; the charges add up to what the pool was given.
    expect(holds.every((h) => spenders.includes((h.metadata as { memberId: string }).memberId))).toBe(true);
    expect(holds.reduce((sum, h) => sum + (h.charged ?? 0n), 0n)).toBe(POOL_MESSAGES * hold);
    expect(await checkLedgerInvariants(p)).toEqual([]);
  }

  it("chat: 10 members × 5 concurrent turns, PT for exactly 20 → 20 served, caps held, pool exact", async () => {
    const { teamId, spenders, caps } = await teamWithCaps();
    const responses = await Promise.all(
      spenders.flatMap((userId) =>
        Array.from({ length: PER_MEMBER }, async () => {
          const response = await chatPOST(
            asUser(userId, "/api/chat", {
              body: { model: "fake-model", message: MESSAGE, maxOutputTokens: MAX_TOKENS, teamId },
            }),
            { params: Promise.resolve({}) },
          );
          // The pool never goes negative, even while streams are open.
          const during = await getBalance(p, teamAccount(teamId));
          expect(during.posted - during.pending).toBeGreaterThanOrEqual(0n);
          if (response.status !== 200)
            return { userId, status: response.status, body: await response.json() };
          const { last } = await readAll(response);
          return { userId, status: 200, body: last };
        }),
      ),
    );
    const served = responses.filter((r) => r.status === 200);
    for (const r of responses.filter((r) => r.status !== 200)) {
      const reason = (r.body as { error: { code: string; details?: { reason?: string } } }).error;
      expect(["402 pt_exhausted", "429 member_daily_cap", "402 member_monthly_cap"]).toContain(
        `${r.status} ${reason.code === "pt_exhausted" ? "pt_exhausted" : reason.details?.reason}`,
      );
    }
    for (const userId of spenders) {
      const n = BigInt(served.filter((r) => r.userId === userId).length);
      expect(n * hold).toBeLessThanOrEqual(caps.get(userId) ?? -1n);
    }
    // Conversations made in the team workspace belong to it and to their author.
    const conversations = await p.conversation.findMany({ where: { teamId } });
    expect(conversations).toHaveLength(served.length);
    await expectPoolExact(teamId, spenders, caps, served.length);
  });

  it("API: the same through one team-owned key per member", async () => {
    const { teamId, spenders, caps } = await teamWithCaps();
    const outcomes = await Promise.all(
      spenders.map(async (userId) => {
        const key = await newKey(p, userId, { teamId });
        const client = new OpenAI({
          apiKey: key.secret,
          baseURL: `${APP}/v1`,
          fetch: appFetch,
          maxRetries: 0,
        });
        return Promise.all(
          Array.from({ length: PER_MEMBER }, async (_, i) => {
            try {
              const body = { model: "fake-model", messages: [{ role: "user" as const, content: MESSAGE }] };
              if (i % 2 === 0) {
                const s = await client.chat.completions.create({
                  ...body,
                  max_tokens: MAX_TOKENS,
                  stream: true,
                });
                for await (const _chunk of s) {
                  // drain
                }
              } else await client.chat.completions.create({ ...body, max_tokens: MAX_TOKENS });
              return { userId, outcome: "served" };
            } catch (error) {
              if (!(error instanceof OpenAI.APIError)) throw error;
              return { userId, outcome: `${error.status}` };
            }
          }),
        );
      }),
    );
    const flat = outcomes.flat();
    const served = flat.filter((o) => o.outcome === "served");
    for (const o of flat.filter((o) => o.outcome !== "served")) expect(["402", "429"]).toContain(o.outcome);
    for (const userId of spenders) {
      const n = BigInt(served.filter((o) => o.userId === userId).length);
      expect(n * hold).toBeLessThanOrEqual(caps.get(userId) ?? -1n);
    }
    expect(await p.apiRequest.count({ where: { teamId, status: "complete" } })).toBe(served.length);
    await expectPoolExact(teamId, spenders, caps, served.length);
  });

  it("the team's own daily cap holds exactly: 10 members × 2 concurrent, cap of 4 messages", async () => {
    const { teamId, ownerId, memberIds } = await makeTeam(p, Array(MEMBERS - 1).fill("member"));
    await p.team.update({ where: { id: teamId }, data: { dailyCapPt: 4n * hold } });
    await fund(p, teamId, 100n * hold, adminId);
    const responses = await Promise.all(
      [ownerId, ...memberIds].flatMap((userId) =>
        [0, 1].map(async () => {
          const response = await chatPOST(
            asUser(userId, "/api/chat", {
              body: { model: "fake-model", message: MESSAGE, maxOutputTokens: MAX_TOKENS, teamId },
            }),
            { params: Promise.resolve({}) },
          );
          if (response.status === 200) await readAll(response);
          else
            expect(await response.json()).toMatchObject({
              error: { code: "rate_limited", details: { reason: "team_daily_cap" } },
            });
          return response.status;
        }),
      ),
    );
    expect(responses.filter((s) => s === 200)).toHaveLength(4);
    const pool = await getBalance(p, teamAccount(teamId));
    expect(pool.available).toBe(96n * hold);
    expect(await checkLedgerInvariants(p)).toEqual([]);
  });

  it("one member's caps hold under 20 concurrent turns: daily cap of 2 messages, then a monthly cap of 3", async () => {
    const { teamId, memberIds } = await makeTeam(p, ["member", "member"]);
    const [daily, monthly] = memberIds as [string, string];
    await p.teamMember.update({
      where: { teamId_userId: { teamId, userId: daily } },
      data: { dailyCapPt: 2n * hold },
    });
    await p.teamMember.update({
      where: { teamId_userId: { teamId, userId: monthly } },
      data: { monthlyCapPt: 3n * hold },
    });
    await fund(p, teamId, 100n * hold, adminId);
    const burst = (userId: string) =>
      Promise.all(
        Array.from({ length: 20 }, async () => {
          const response = await chatPOST(
            asUser(userId, "/api/chat", {
              body: { model: "fake-model", message: MESSAGE, maxOutputTokens: MAX_TOKENS, teamId },
            }),
            { params: Promise.resolve({}) },
          );
          if (response.status === 200) await readAll(response);
          return response.status;
        }),
      );
    const [a, b] = await Promise.all([burst(daily), burst(monthly)]);
    expect(a.filter((s) => s === 200)).toHaveLength(2);
    expect(a.filter((s) => s === 429)).toHaveLength(18);
    expect(b.filter((s) => s === 200)).toHaveLength(3);
    expect(b.filter((s) => s === 402)).toHaveLength(17);
    expect(await checkLedgerInvariants(p)).toEqual([]);
  });

  it("a viewer cannot spend from the pool, an outsider does not see the team; neither holds anything", async () => {
    const { teamId, memberIds } = await makeTeam(p, ["viewer"]);
    await fund(p, teamId, 10n * hold, adminId);
    const outsider = await createUser(p);
    const body = { model: "fake-model", message: MESSAGE, maxOutputTokens: MAX_TOKENS, teamId };
    const viewer = await chatPOST(asUser(memberIds[0] ?? "", "/api/chat", { body }), {
      params: Promise.resolve({}),
    });
    expect(viewer.status).toBe(403);
    const stranger = await chatPOST(asUser(outsider, "/api/chat", { body }), { params: Promise.resolve({}) });
    expect(stranger.status).toBe(404);
    const pool = await getBalance(p, teamAccount(teamId));
    expect(pool.pending).toBe(0n);
    expect(await p.ledgerHold.count({ where: { accountId: pool.accountId } })).toBe(0);
    expect(TEST_USER_HEADER).toBe("x-test-user");
  });

  it("the chat header's numbers in the team workspace: the pool, the member's spend today, the cap that binds", async () => {
    const { teamId, memberIds } = await makeTeam(p, ["member", "viewer"]);
    const [memberId, viewerId] = memberIds as [string, string];
    await fund(p, teamId, 10n * hold, adminId);
    await p.teamMember.update({
      where: { teamId_userId: { teamId, userId: memberId } },
      data: { dailyCapPt: 5n * hold },
    });
    const summary = async (userId: string) =>
      accountGET(asUser(userId, `/api/chat/account?teamId=${teamId}`), { params: Promise.resolve({}) });
    const before = await (await summary(memberId)).json();
    expect(before).toMatchObject({
      available: String(10n * hold),
      spentToday: "0",
      team: { id: teamId, name: "Acme", dailyCapPt: String(5n * hold) },
    });
    const response = await chatPOST(
      asUser(memberId, "/api/chat", {
        body: { model: "fake-model", message: MESSAGE, maxOutputTokens: MAX_TOKENS, teamId },
      }),
      { params: Promise.resolve({}) },
    );
    expect(response.status).toBe(200);
    await readAll(response);
    const after = await (await summary(memberId)).json();
    expect(after).toMatchObject({ available: String(9n * hold), spentToday: String(hold) });
    expect((await summary(viewerId)).status).toBe(403);
    expect((await summary(await createUser(p))).status).toBe(404);
  });
});
