// The price sync against a small HTTP server serving price files in LiteLLM's format: a good list
// (equal to the seeded prices: nothing to do), a 10× jump (a provider-cost row effective later, a
// sale-price proposal keeping the margin, alerts by email and in-app, once), a model gone, a
// malformed list and a source that is down (nothing changes, a warning). Then an admin approves
// one proposal and rejects another, each once and audited.
import { once } from "node:events";
import type { Server } from "node:http";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decideProposalAsAdmin } from "@/lib/admin/price-proposals";
import { syncPricesJob } from "@/lib/cron/price-sync";
import { resetEnvForTests } from "@/lib/env";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { getPrice } from "@/lib/pricing/prices";
import { seedPrices } from "@/lib/pricing/seed-prices";
import snapshot from "@/lib/pricing/sync/litellm-snapshot.json";
import { pendingProposals } from "@/lib/pricing/sync/proposals";
import { createTestDatabase, type TestDatabase } from "@/tests/helpers/db";

type Entry = Record<string, unknown>;
const good = snapshot as Record<string, Entry>;
const jump: Record<string, Entry> = {
  ...good,
  "gpt-4o": { ...good["gpt-4o"], input_cost_per_token: 2.5e-5 },
};
const { "gpt-4.1": _gone, ...missing } = jump;
const FILES: Record<string, string> = {
  "/good.json": JSON.stringify({ sample_spec: { input_cost_per_token: 0 }, ...good }),
  "/jump.json": JSON.stringify(jump),
  "/missing.json": JSON.stringify(missing),
  "/malformed.json": '{"gpt-4o": {"input_cost_per_token": 2.5e-6,',
};

describe("price sync", () => {
  let db: TestDatabase;
  let p: PrismaClient;
  let server: Server;
  let base = "";
  let admin: { id: string };
  /** What the source serves now (one URL, as in production); null: it is down. */
  let served: string | null = null;
  const url = () => `${base}/prices.json`;
  const day0 = new Date("2030-03-01T01:00:00Z");

  beforeAll(async () => {
    db = await createTestDatabase();
    p = db.prisma;
    await seedPrices(p);
    admin = await p.user.create({
      data: { email: "prices-admin@example.com", role: "ADMIN", emailVerifiedAt: new Date() },
    });
    server = createServer((req, res) => {
      if (req.url !== "/prices.json" || served === null) res.writeHead(503).end("unavailable");
      else res.writeHead(200, { "content-type": "application/json" }).end(served);
    });
    server.listen(0, "127.0.0.1");
    await once(server, "listening");
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.close();
    delete process.env.PRICE_SYNC_URL;
    resetEnvForTests();
    await db?.cleanup();
  });

  async function sync(file: string | null, now: Date) {
    if (file) {
      process.env.PRICE_SYNC_URL = url();
      served = FILES[file] ?? null;
    } else delete process.env.PRICE_SYNC_URL;
    resetEnvForTests();
    return syncPricesJob(p, now);
  }
  const counts = async () => ({
    prices: await p.modelPrice.count(),
    proposals: await p.priceProposal.count(),
    emails: await p.emailOutbox.count(),
    notices: await p.notification.count(),
  });

  it("a list equal to the seeded prices changes nothing, from the snapshot or the URL", async () => {
    const before = await counts();
    expect(await sync(null, day0)).toMatchObject({ status: "ok", costRows: [], proposals: [], alerts: [] });
    expect(await sync("/good.json", day0)).toMatchObject({
      status: "ok",
      costRows: [],
      proposals: [],
      alerts: [],
    });
    expect(await counts()).toEqual(before);
    const cached = await p.priceSyncSource.findUniqueOrThrow({ where: { url: url() } });
    expect(Object.keys(cached.entries as object).sort()).toEqual(Object.keys(good).sort());
  });

  it("a 10× provider price: a cost row effective later, a proposal keeping the margin, alerts once", async () => {
    const day1 = new Date(day0.getTime() + 86_400_000);
    const before = await getPrice(p, { model: "gpt-4o", at: day1 });
    const result = await sync("/jump.json", day1);
    expect(result.status).toBe("ok");
    expect(result.costRows).toHaveLength(1);
    expect(result.proposals).toHaveLength(1);
    expect(result.alerts.sort()).toEqual(["margin_low", "price_moved"]);
    // The price in force is unchanged until the delay (24 h) has passed; then the cost is new and
    // the sale price still the old one (never changed without an admin).
    expect(await getPrice(p, { model: "gpt-4o", at: day1 })).toEqual(before);
    const later = await getPrice(p, { model: "gpt-4o", at: new Date(day1.getTime() + 24 * 3_600_000) });
    expect(later).toMatchObject({
      costMicroUsdPerMInput: 25_000_000n,
      ptPerMInput: before.ptPerMInput,
      costMicroUsdPerMCachedInput: before.costMicroUsdPerMCachedInput,
      source: `sync:${url()}`,
    });
    // The proposal scales the input's PT with its cost: 250,000 → 2,500,000 PT / 1M (margin kept).
    const [proposal] = await pendingProposals(p);
    expect(proposal).toMatchObject({ model: "gpt-4o", basePriceId: before.id });
    expect(proposal?.rates).toMatchObject({
      ptPerMInput: "2500000",
      costMicroUsdPerMInput: "25000000",
      ptPerMOutput: "1000000",
    });
    expect(proposal?.marginBps).toBeLessThan(0); // the current sale price now sells input below cost
    // Email and in-app notice to the admin, per alert.
    expect(await p.emailOutbox.count({ where: { userId: admin.id } })).toBe(2);
    expect(await p.notification.findMany({ where: { userId: admin.id }, select: { kind: true } })).toEqual([
      { kind: "price_alert" },
      { kind: "price_alert" },
    ]);
    // The same list again, the same day: nothing new, nobody alerted twice.
    const again = await counts();
    expect(await sync("/jump.json", day1)).toMatchObject({ costRows: [], proposals: [] });
    expect(await counts()).toEqual(again);
  });

  it("a model gone from the list, a malformed list and a source that is down change nothing but warn", async () => {
    const day2 = new Date(day0.getTime() + 2 * 86_400_000);
    const before = await counts();
    const gone = await sync("/missing.json", day2);
    expect(gone.costRows).toEqual([]);
    // gpt-4.1 is gone (nothing changes for it); gpt-4o's margin is still under the threshold.
    expect(gone.alerts).toEqual(["model_missing", "margin_low"]);
    for (const file of ["/malformed.json", "/down.json"]) {
      const cached = await p.priceSyncSource.findUniqueOrThrow({ where: { url: url() } });
      const result = await sync(file, day2);
      expect(result).toMatchObject({
        status: file === "/down.json" ? "source_down" : "malformed",
        alerts: ["source_failed"],
      });
      // The last good copy stays: the next good fetch is compared with it.
      expect(await p.priceSyncSource.findUniqueOrThrow({ where: { url: url() } })).toEqual(cached);
    }
    const after = await counts();
    expect({ prices: after.prices, proposals: after.proposals }).toEqual({
      prices: before.prices,
      proposals: before.proposals,
    });
    // model_missing, margin_low, and source_failed once (one warning per source and day).
    expect(after.emails).toBe(before.emails + 3);
  });

  it("an admin approves a proposal (a new row at the proposed rates) or rejects one, once, audited", async () => {
    const actor = { userId: admin.id, requestId: "req-1" };
    const [proposal] = await pendingProposals(p);
    if (!proposal) throw new Error("no proposal");
    const approved = await decideProposalAsAdmin(p, actor, { id: proposal.id, decision: "approve" });
    expect(approved.price).toMatchObject({
      model: "gpt-4o",
      ptPerMInput: 2_500_000n,
      costMicroUsdPerMInput: 25_000_000n,
    });
    await expect(
      decideProposalAsAdmin(p, actor, { id: proposal.id, decision: "reject" }),
    ).rejects.toMatchObject({ code: "conflict" });
    expect(await p.auditLog.findMany({ where: { targetId: proposal.id }, select: { action: true } })).toEqual(
      [{ action: "price.proposal.approve" }],
    );
    // A second jump proposes again; rejecting it adds no price.
    const day3 = new Date(day0.getTime() + 3 * 86_400_000);
    FILES["/jump2.json"] = JSON.stringify({
      ...jump,
      "gpt-4o": { ...jump["gpt-4o"], output_cost_per_token: 1e-4 },
    });
    await sync("/jump2.json", day3);
    const [next] = await pendingProposals(p);
    if (!next) throw new Error("no second proposal");
    const prices = await p.modelPrice.count();
    expect(await decideProposalAsAdmin(p, actor, { id: next.id, decision: "reject" })).toMatchObject({
      status: "rejected",
      price: null,
    });
    expect(await p.modelPrice.count()).toBe(prices);
    await expect(
      decideProposalAsAdmin(p, actor, { id: crypto.randomUUID(), decision: "approve" }),
    ).rejects.toMatchObject({ code: "not_found" });
  });
});
