// Disputes: ownership (another user's item is 404), one open dispute per item, approve twice →
// one refund credit, concurrent approvals, reject with a note, notifications and email.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { approveDispute, rejectDispute } from "@/lib/disputes/resolve-dispute";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { getBalance } from "@/lib/ledger/accounts";
import { checkLedgerInvariants } from "@/lib/ledger/invariants";
import { createTestDatabase, type TestDatabase } from "@/tests/helpers/db";
import { chargedMessage, ctx, makeUser, req, type Who } from "./helpers";

const state = vi.hoisted(() => ({ who: null as unknown, prisma: null as unknown }));
vi.mock("@/lib/auth/principal", async () => {
  const h = await import("./helpers");
  return { resolveUser: async () => h.principalFor(state.who as Who), resolveGuest: async () => null };
});
vi.mock("@/lib/db", async (importOriginal) => ({
  ...(await importOriginal<object>()),
  getDb: async () => state.prisma,
}));

const disputes = await import("@/app/api/disputes/route");
const approveRoute = await import("@/app/api/admin/disputes/[id]/approve/route");

describe("disputes", () => {
  let db: TestDatabase;
  let p: PrismaClient;
  let alice: { id: string; email: string };
  let bob: { id: string; email: string };
  let admin: { id: string; email: string };

  beforeAll(async () => {
    db = await createTestDatabase();
    p = db.prisma;
    state.prisma = p;
    alice = await makeUser(p);
    bob = await makeUser(p);
    admin = await makeUser(p, "ADMIN", true);
  });
  afterAll(async () => db?.cleanup());

  const as = (id: string) => {
    state.who = { userId: id, role: "USER", twoFactorEnabled: false } satisfies Who;
  };
  const open = (body: unknown) => disputes.POST(req("/api/disputes", { body }), ctx());

  it("refuses another user's message, payment or ledger entry with 404", async () => {
    const { message } = await chargedMessage(p, alice.id);
    const entry = await p.ledgerEntry.findFirstOrThrow({
      where: { account: { ownerId: alice.id }, amount: { lt: 0 } },
    });
    as(bob.id);
    for (const [itemType, itemId] of [
      ["message", message.id],
      ["ledger_entry", entry.id.toString()],
      ["payment", "00000000-0000-4000-8000-000000000000"],
    ]) {
      const res = await open({ itemType, itemId, reason: "not mine" });
      expect(res.status).toBe(404);
    }
    expect(await p.dispute.count({ where: { userId: bob.id } })).toBe(0);
    state.who = null;
    expect((await open({ itemType: "message", itemId: message.id, reason: "anon" })).status).toBe(401);
  });

  it("allows one open dispute per item; approving twice refunds once", async () => {
    const { message } = await chargedMessage(p, alice.id, 250n);
    as(alice.id);
    const first = await open({ itemType: "message", itemId: message.id, reason: "wrong answer" });
    expect(first.status).toBe(201);
    const created = (await first.json()) as { id: string; amountPt: string; status: string };
    expect(created).toMatchObject({ amountPt: "250", status: "open" });
    expect((await open({ itemType: "message", itemId: message.id, reason: "again" })).status).toBe(409);

    const before = await getBalance(p, { kind: "user", userId: alice.id });
    state.who = { userId: admin.id, role: "ADMIN", twoFactorEnabled: true } satisfies Who;
    const approve = () =>
      approveRoute.POST(
        req(`/api/admin/disputes/${created.id}/approve`, { body: {} }),
        ctx({ id: created.id }),
      );
    const [a, b] = await Promise.all([approve(), approve()]);
    expect([a.status, b.status]).toEqual([200, 200]);
    const again = await approve();
    expect(again.status).toBe(200);
    const bodies = (await Promise.all([a.json(), b.json(), again.json()])) as { changed: boolean }[];
    expect(bodies.filter((x) => x.changed)).toHaveLength(1);

    const after = await getBalance(p, { kind: "user", userId: alice.id });
    expect(after.available - before.available).toBe(250n);
    expect(await p.ledgerTransaction.count({ where: { idempotencyKey: `dispute:${created.id}` } })).toBe(1);
    expect(await p.auditLog.count({ where: { targetId: created.id, action: "dispute.approve" } })).toBe(1);
    expect(await p.notification.count({ where: { userId: alice.id, kind: "dispute_resolved" } })).toBe(1);
    expect(await p.emailOutbox.count({ where: { to: alice.email, template: "dispute-resolved" } })).toBe(1);
    expect(await checkLedgerInvariants(p)).toEqual([]);

    // Closed, the item can be disputed again; a rejected one cannot then be approved.
    as(alice.id);
    const second = (await (
      await open({ itemType: "message", itemId: message.id, reason: "still" })
    ).json()) as {
      id: string;
    };
    const actor = { userId: admin.id, requestId: "r1" };
    const rejected = await rejectDispute(p, actor, { id: second.id, note: "Charged as shown." });
    expect(rejected.dispute).toMatchObject({ status: "rejected", resolutionNote: "Charged as shown." });
    await expect(approveDispute(p, actor, { id: second.id })).rejects.toMatchObject({ code: "conflict" });
    expect((await rejectDispute(p, actor, { id: second.id, note: "x" })).changed).toBe(false);
  });

  it("approves a ledger-entry dispute and routes a payment dispute to the refund service", async () => {
    await chargedMessage(p, bob.id, 90n);
    const entry = await p.ledgerEntry.findFirstOrThrow({
      where: { account: { ownerId: bob.id }, transaction: { kind: "usage" } },
    });
    as(bob.id);
    const res = await open({ itemType: "ledger_entry", itemId: entry.id.toString(), reason: "too much" });
    const { id } = (await res.json()) as { id: string };
    const actor = { userId: admin.id };
    const result = await approveDispute(p, actor, { id });
    expect(result.dispute.refundTransactionId).toBeTruthy();

    const payment = await p.payment.create({
      data: {
        userId: bob.id,
        kind: "topup",
        sourceId: `cs_${id}`,
        paymentIntentId: `pi_${id}`,
        amountMinor: 500n,
        currency: "usd",
        pt: 50_000n,
        description: "Top-up",
      },
    });
    const pay = await open({ itemType: "payment", itemId: payment.id, reason: "double charge" });
    const payDispute = (await pay.json()) as { id: string };
    const refunder = vi.fn(async () => ({ refundId: "re_test_1" }));
    const approved = await approveDispute(p, actor, { id: payDispute.id }, refunder);
    expect(refunder).toHaveBeenCalledWith(p, {
      paymentId: payment.id,
      disputeId: payDispute.id,
      actor: admin.id,
    });
    expect(approved.dispute).toMatchObject({ status: "approved", stripeRefundId: "re_test_1" });
    await approveDispute(p, actor, { id: payDispute.id }, refunder);
    expect(refunder).toHaveBeenCalledTimes(1);

    const mine = (await (await disputes.GET(req("/api/disputes"), ctx())).json()) as { items: unknown[] };
    expect(mine.items).toHaveLength(2);
  });
});
