// The nightly reconciliation checks every API key's counters against the ledger: the key's spent
// PT equals the charges of its settled holds, its reserved PT the amounts of its open holds. A
// clean day (served, settled, open and expired requests) reports nothing; a counter moved outside
// the ledger is reported as an error with the key, both figures and the difference, like the other
// reconciliation checks (stored with the run, admins told).
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { admitApiRequest } from "@/lib/api/admit";
import { authenticateKey } from "@/lib/api/authenticate";
import { apiHoldExpirySql } from "@/lib/api/expire-holds";
import { settleApiRequest } from "@/lib/api/settle";
import { findConfiguredModel } from "@/lib/chat/catalog";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { sweepExpiredHolds } from "@/lib/ledger/holds";
import { utcDay } from "@/lib/periods";
import { apiKeyIssues } from "@/lib/reconciliation/api-keys";
import type { ReconciliationNotice } from "@/lib/reconciliation/notify";
import { runReconciliation } from "@/lib/reconciliation/run";
import { newKey } from "@/tests/api/helpers";
import { createUser, grant, wireFakeProvider } from "@/tests/chat/helpers";
import type { FakeProvider } from "@/tests/fakes/openai-compatible-server";
import { startFakeProvider } from "@/tests/fakes/openai-compatible-server";
import { createTestDatabase, type TestDatabase } from "@/tests/helpers/db";

const state = vi.hoisted(() => ({ prisma: null as unknown }));
vi.mock("@/lib/db", async (importOriginal) => ({
  ...(await importOriginal<object>()),
  getDb: async () => state.prisma,
}));

describe("reconciliation of API key counters", () => {
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

  async function traffic() {
    const userId = await createUser(p, { plan: "max" });
    await grant(p, { kind: "user", userId }, 1_000_000n);
    const key = await newKey(p, userId);
    const principal = await authenticateKey(p, `Bearer ${key.secret}`);
    const entry = findConfiguredModel("fake-model");
    if (!entry) throw new Error("fake-model is not configured");
    const admit = (at = new Date()) => {
      const requestId = randomUUID();
      return admitApiRequest(p, {
        principal,
        entry,
        messages: [{ role: "user", content: "hello" }],
        maxOutputTokens: 16,
        requestId,
        stream: false,
        at,
      }).then((a) => ({ ...a, requestId }));
    };
    // Two served and settled, one still open, one abandoned (its hold expired by the sweeper).
    for (const text of ["one answer", "another"]) {
      const a = await admit();
      await settleApiRequest(p, {
        requestId: a.requestId,
        keyId: key.id,
        holdId: a.hold.holdId,
        holdAmount: a.hold.amount,
        slotKeys: a.slotKeys,
        model: "fake-model",
        price: a.price,
        outcome: "complete",
        text,
        usage: { inputTokens: 5, outputTokens: 3 },
        promptTokens: a.promptTokens,
        startedAt: performance.now(),
      });
    }
    // The abandoned one first, so that sweeping past its expiry leaves the later one open.
    const abandoned = await admit();
    await sweepExpiredHolds(p, {
      now: new Date(abandoned.hold.expiresAt.getTime() + 1000),
      alongside: apiHoldExpirySql,
    });
    await admit();
    return { userId, key };
  }

  it("finds nothing when every key's counters match its holds", async () => {
    const { key } = await traffic();
    const row = await p.apiKey.findUniqueOrThrow({ where: { id: key.id } });
    expect(
      await p.apiRequest.groupBy({
        by: ["status"],
        where: { keyId: key.id },
        _count: true,
        orderBy: { status: "asc" },
      }),
    ).toEqual([
      { status: "streaming", _count: 1 },
      { status: "complete", _count: 2 },
      { status: "expired", _count: 1 },
    ]);
    expect(row.spentPt).toBeGreaterThan(0n);
    expect(row.reservedPt).toBeGreaterThan(0n);
    expect(await apiKeyIssues(p)).toEqual([]);
  });

  it("reports a counter moved outside the ledger as an error of the nightly run", async () => {
    const { key, userId } = await traffic();
    const before = await p.apiKey.findUniqueOrThrow({ where: { id: key.id } });
    await p.apiKey.update({
      where: { id: key.id },
      data: { spentPt: before.spentPt - 7n, reservedPt: before.reservedPt + 3n },
    });
    const issues = await apiKeyIssues(p);
    expect(issues).toEqual([
      expect.objectContaining({
        severity: "error",
        kind: "api_key_spent_mismatch",
        refs: {
          keyId: key.id,
          userId,
          counter: String(before.spentPt - 7n),
          ledger: String(before.spentPt),
          difference: "-7",
        },
      }),
      expect.objectContaining({
        severity: "error",
        kind: "api_key_reserved_mismatch",
        refs: {
          keyId: key.id,
          userId,
          counter: String(before.reservedPt + 3n),
          ledger: String(before.reservedPt),
          difference: "3",
        },
      }),
    ]);
    const notices: ReconciliationNotice[] = [];
    const run = await runReconciliation(p, {
      day: utcDay(new Date()),
      providers: [],
      notify: async (_db, notice) => {
        notices.push(notice);
      },
    });
    expect(run.issues.map((i) => i.kind)).toEqual(
      expect.arrayContaining(["api_key_spent_mismatch", "api_key_reserved_mismatch"]),
    );
    expect(run.summary.apiKeys).toMatchObject({ mismatched: 1 });
    const stored = await p.reconciliationIssue.findMany({
      where: { runId: run.runId, kind: { startsWith: "api_key_" } },
    });
    expect(stored).toHaveLength(2);
    expect(notices[0]?.issues.map((i) => i.kind)).toContain("api_key_spent_mismatch");
    // Healed by hand (a compensating fix of the counter): the next run is clean of it.
    await p.apiKey.update({
      where: { id: key.id },
      data: { spentPt: before.spentPt, reservedPt: before.reservedPt },
    });
    expect(await apiKeyIssues(p)).toEqual([]);
  });
});
