// GET /v1/usage with a team-owned key reports the team's pool — its available PT and the month's
// spend of every member from it — and the key's own spend, never its maker's personal balance; a
// personal key of the same member still reports the personal account. Driven by the `openai`
// package against the real route handlers, the fake provider over HTTP and real Postgres.
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { getBalance } from "@/lib/ledger/accounts";
import { teamAccount } from "@/lib/teams/admission-gate";
import { APP, appFetch, newKey } from "@/tests/api/helpers";
import { grant, wireFakeProvider } from "@/tests/chat/helpers";
import type { FakeProvider } from "@/tests/fakes/openai-compatible-server";
import { startFakeProvider } from "@/tests/fakes/openai-compatible-server";
import { createTestDatabase, type TestDatabase } from "@/tests/helpers/db";
import { makeTeam } from "./helpers";

const state = vi.hoisted(() => ({ prisma: null as unknown }));
vi.mock("@/lib/db", async (importOriginal) => ({
  ...(await importOriginal<object>()),
  getDb: async () => state.prisma,
}));

type Usage = {
  key: { id: string; total_pt: string; requests: number };
  account: { type: string; team_id: string | null; available_pt: string; total_pt: string };
};

describe("/v1/usage of a team-owned key", () => {
  let db: TestDatabase;
  let p: PrismaClient;
  let fake: FakeProvider;

  beforeAll(async () => {
    db = await createTestDatabase();
    p = db.prisma;
    state.prisma = p;
    fake = await startFakeProvider();
    await wireFakeProvider(p, fake);
  });
  afterAll(async () => {
    await fake.close();
    await db.cleanup();
  });

  const client = (secret: string) =>
    new OpenAI({ apiKey: secret, baseURL: `${APP}/v1`, fetch: appFetch, maxRetries: 0 });
  const chat = (secret: string) =>
    client(secret).chat.completions.create({
      model: "fake-model",
      messages: [{ role: "user", content: "hi" }],
    });
  async function usage(secret: string): Promise<Usage> {
    const res = await appFetch(`${APP}/v1/usage`, { headers: { authorization: `Bearer ${secret}` } });
    expect(res.status).toBe(200);
    return (await res.json()) as Usage;
  }
  const spentBy = async (keyId: string) =>
    (await p.apiRequest.findMany({ where: { keyId, status: "complete" } })).reduce(
      (sum, r) => sum + (r.ptCharged ?? 0n),
      0n,
    );

  it("reports the pool's available PT and spend, and the key's own spend; a personal key the personal account", async () => {
    const { teamId, memberIds } = await makeTeam(p, ["member", "member"]);
    const [memberId, otherId] = memberIds as [string, string];
    await grant(p, teamAccount(teamId), 200_000n);
    await grant(p, { kind: "user", userId: memberId }, 70_000n);
    const teamKey = await newKey(p, memberId, { teamId });
    const otherKey = await newKey(p, otherId, { teamId });
    const ownKey = await newKey(p, memberId);

    await chat(teamKey.secret);
    await chat(teamKey.secret);
    await chat(otherKey.secret); // another member's spend from the same pool
    await chat(ownKey.secret); // the member's personal spend

    const pool = await getBalance(p, teamAccount(teamId));
    const personal = await getBalance(p, { kind: "user", userId: memberId });
    const [teamSpend, otherSpend, ownSpend] = await Promise.all([
      spentBy(teamKey.id),
      spentBy(otherKey.id),
      spentBy(ownKey.id),
    ]);
    expect(teamSpend > 0n && otherSpend > 0n && ownSpend > 0n).toBe(true);
    expect(pool.posted).toBe(200_000n - teamSpend - otherSpend);
    expect(personal.posted).toBe(70_000n - ownSpend);

    const t = await usage(teamKey.secret);
    expect(t.key).toMatchObject({ id: teamKey.id, total_pt: String(teamSpend), requests: 2 });
    expect(t.account).toMatchObject({
      type: "team",
      team_id: teamId,
      available_pt: String(pool.available),
      total_pt: String(teamSpend + otherSpend),
    });

    const own = await usage(ownKey.secret);
    expect(own.key).toMatchObject({ id: ownKey.id, total_pt: String(ownSpend), requests: 1 });
    expect(own.account).toMatchObject({
      type: "user",
      team_id: null,
      available_pt: String(personal.available),
      total_pt: String(ownSpend),
    });
  });
});
