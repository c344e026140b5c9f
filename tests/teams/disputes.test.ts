// Chargebacks on a team's purchase act on the team's pool, never on the member who bought: a team
// top-up bought through the real routes in test mode, then charge.dispute.created / .closed signed
// with the Stripe SDK's test-header helper and ingested by the webhook path. The disputed PT leave
// the pool when the dispute opens (debt for what the team already spent), the buyer's personal
// account stays active and unfrozen, a won dispute gives the PT back, a lost one takes nothing
// more, replays change nothing, and the ledger's invariants hold. Real Postgres.
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { buildEvent, disputeObject } from "@/lib/billing/test-objects";
import { getBalance } from "@/lib/ledger/accounts";
import { grantCredits } from "@/lib/ledger/grants";
import { reserve } from "@/lib/ledger/holds";
import { settle } from "@/lib/ledger/settle";
import { teamAccount } from "@/lib/teams/admission-gate";
import { createTeam } from "@/lib/teams/teams";
import { sessionCookie } from "@/tests/auth/helpers";
import { deliver } from "@/tests/billing/helpers";
import { setupTestModeRoutes } from "@/tests/billing/route-driver";

const teamCheckout = await import("@/app/api/teams/[id]/billing/checkout/route");
const driver = setupTestModeRoutes();

/** A team whose owner bought a medium top-up for the pool; the owner also holds personal PT. */
async function teamWithTopUp(choice: Record<string, unknown> = { packId: "medium" }) {
  const p = driver.prisma();
  const owner = await driver.signIn();
  const team = await createTeam(p, { userId: owner.userId, name: "Acme" });
  await grantCredits(p, {
    account: { kind: "user", userId: owner.userId },
    amount: 5_000n,
    source: "purchase",
    key: `own:${randomUUID()}`,
  });
  const { cookie } = await sessionCookie(p, owner.userId);
  const res = await teamCheckout.POST(
    new Request(`http://app.test/api/teams/${team.id}/billing/checkout`, {
      method: "POST",
      headers: { cookie, "content-type": "application/json" },
      body: JSON.stringify(choice),
    }),
    { params: Promise.resolve({ id: team.id }) },
  );
  const { url } = (await res.json()) as { url: string };
  expect((await owner.pay(url.split("/").pop() ?? "")).status).toBe(200);
  const payment = await p.payment.findFirstOrThrow({ where: { teamId: team.id } });
  const pool = teamAccount(team.id);
  const dispute = (status: string) =>
    disputeObject({
      id: `dp_${payment.id.slice(0, 8)}`,
      charge: `ch_${payment.id.slice(0, 8)}`,
      paymentIntent: payment.paymentIntentId ?? "",
      amount: Number(payment.amountMinor),
      currency: payment.currency,
      status,
    });
  const t = Math.floor(Date.now() / 1000);
  const created = buildEvent(
    "charge.dispute.created",
    dispute("needs_response"),
    t,
    `evt_${randomUUID().replaceAll("-", "")}`,
  );
  const closed = (status: "won" | "lost") =>
    buildEvent("charge.dispute.closed", dispute(status), t + 60, `evt_${randomUUID().replaceAll("-", "")}`);
  return { p, ownerId: owner.userId, teamId: team.id, payment, pool, created, closed };
}

async function spendFromPool(pool: ReturnType<typeof teamAccount>, amount: bigint) {
  const p = driver.prisma();
  const hold = await reserve(p, { account: pool, amount, key: randomUUID(), ttlSeconds: 600 });
  await settle(p, { holdId: hold.holdId, actual: amount });
}

async function buyerUntouched(ownerId: string) {
  const p = driver.prisma();
  expect((await p.user.findUniqueOrThrow({ where: { id: ownerId } })).status).toBe("active");
  expect(await getBalance(p, { kind: "user", userId: ownerId })).toMatchObject({
    posted: 5_000n,
    available: 5_000n,
    frozen: false,
  });
}

describe("chargebacks on a team's purchase", () => {
  it("opened: the PT leave the pool (debt for what was spent), the buyer is not frozen; won: they come back", async () => {
    const x = await teamWithTopUp();
    const bought = x.payment.pt;
    expect((await getBalance(x.p, x.pool)).posted).toBe(bought);
    await spendFromPool(x.pool, 100_000n);

    // The event, its replays and resends under other ids, all at once: applied once.
    const copies = [
      x.created,
      x.created,
      ...Array.from({ length: 4 }, () => ({ ...x.created, id: `evt_${randomUUID().replaceAll("-", "")}` })),
    ];
    const results = await Promise.all(copies.map((event) => deliver(x.p, event)));
    expect(results.some((r) => /took/.test(r.note ?? ""))).toBe(true);
    const opened = await getBalance(x.p, x.pool);
    expect(opened).toMatchObject({ posted: 0n, available: 0n, debt: 100_000n, frozen: false });
    await buyerUntouched(x.ownerId);
    const row = await x.p.billingDispute.findUniqueOrThrow({
      where: { id: String(x.created.data.object.id) },
    });
    expect(row).toMatchObject({ teamId: x.teamId, userId: x.ownerId, frozeAccount: false, closedAt: null });
    expect((await x.p.payment.findUniqueOrThrow({ where: { id: x.payment.id } })).chargebackPt).toBe(bought);

    const won = x.closed("won");
    await deliver(x.p, won);
    await deliver(x.p, won);
    expect(await getBalance(x.p, x.pool)).toMatchObject({
      posted: bought - 100_000n,
      debt: 0n,
      frozen: false,
    });
    expect((await x.p.payment.findUniqueOrThrow({ where: { id: x.payment.id } })).chargebackPt).toBe(0n);
    await buyerUntouched(x.ownerId);
    await driver.expectLedgerSound();
  });

  it("won on the seat plan's allowance: the PT come back with its period's expiry, or not at all once it passed", async () => {
    const x = await teamWithTopUp({ seats: 3 });
    const allowance = await x.p.ledgerGrant.findUniqueOrThrow({ where: { id: x.payment.grantId ?? "" } });
    expect(allowance.expiresAt).toBeInstanceOf(Date);
    await deliver(x.p, x.created);
    await deliver(x.p, x.closed("won"));
    const adjustments = (teamId: string) =>
      x.p.ledgerGrant.findMany({
        where: { source: "adjustment", account: { ownerId: teamId } },
        select: { amount: true, expiresAt: true },
      });
    expect(await adjustments(x.teamId)).toEqual([{ amount: x.payment.pt, expiresAt: allowance.expiresAt }]);

    const y = await teamWithTopUp({ seats: 3 });
    const ends = (await x.p.ledgerGrant.findUniqueOrThrow({ where: { id: y.payment.grantId ?? "" } }))
      .expiresAt;
    await deliver(y.p, y.created);
    const after = new Date((ends ?? new Date()).getTime() + 60_000);
    expect((await deliver(y.p, y.closed("won"), after)).note).toMatch(/expired/);
    expect(await adjustments(y.teamId)).toEqual([]);
    await driver.expectLedgerSound();
  });

  it("lost: the clawback stands and nothing more is taken; a dispute first seen closed lost is taken then", async () => {
    const x = await teamWithTopUp();
    await deliver(x.p, x.created);
    await deliver(x.p, x.closed("lost"));
    expect(await getBalance(x.p, x.pool)).toMatchObject({ posted: 0n, debt: 0n, frozen: false });
    expect((await x.p.payment.findUniqueOrThrow({ where: { id: x.payment.id } })).chargebackPt).toBe(
      x.payment.pt,
    );
    await buyerUntouched(x.ownerId);

    const y = await teamWithTopUp();
    await deliver(y.p, y.closed("lost"));
    expect((await deliver(y.p, y.created)).note).toMatch(/already closed/);
    expect(await getBalance(y.p, y.pool)).toMatchObject({ posted: 0n, debt: 0n });
    await buyerUntouched(y.ownerId);
    const lostRow = await y.p.billingDispute.findFirstOrThrow({ where: { teamId: y.teamId } });
    expect(lostRow).toMatchObject({ status: "lost", frozeAccount: false });
    await driver.expectLedgerSound();
  });
});
