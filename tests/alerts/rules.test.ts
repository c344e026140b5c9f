// Custom alert rules: created, listed, edited, enabled/disabled and deleted through the admin API
// (2FA admins only; every change audited; bad input is a 422 on its field, never a 500), then
// evaluated by the nightly job over a day's real ledger usage — each matching rule alerts once per
// day through every admin channel, a disabled or non-matching rule never.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { runAlerts } from "@/lib/alerts/run";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { createEndpoint } from "@/lib/webhooks-out/endpoints";
import { ctx, makeUser, req, type Who } from "@/tests/admin/helpers";
import { createTestDatabase, type TestDatabase } from "@/tests/helpers/db";
import { applyPayment, settleUsage, stripePayment } from "@/tests/ops/recon-fixtures";

const state = vi.hoisted(() => ({ who: null as unknown, prisma: null as unknown }));
vi.mock("@/lib/auth/principal", async () => {
  const h = await import("@/tests/admin/helpers");
  return { resolveUser: async () => h.principalFor(state.who as Who), resolveGuest: async () => null };
});
vi.mock("@/lib/db", async (importOriginal) => ({
  ...(await importOriginal<object>()),
  getDb: async () => state.prisma,
}));

const collection = await import("@/app/api/admin/alert-rules/route");
const item = await import("@/app/api/admin/alert-rules/[id]/route");
type Rule = { id: string; name: string; threshold: string; enabled: boolean; metric: string };

const DAY = "2031-05-10";
const at = new Date(`${DAY}T12:00:00Z`);

describe("custom alert rules", () => {
  let db: TestDatabase;
  let p: PrismaClient;
  let adminId: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    p = db.prisma;
    state.prisma = p;
    adminId = (await makeUser(p, "ADMIN", true)).id;
    state.who = { userId: adminId, role: "ADMIN", twoFactorEnabled: true } satisfies Who;
    // The day: $5 bought 50,000 PT (100 µUSD per PT); openai usage of 3,000 PT in 2 requests costing
    // $0.25 (margin 16.67 %), anthropic usage of 1,000 PT costing $0.02 (margin 80 %).
    const buyer = randomUUID();
    await applyPayment(p, stripePayment(buyer, 50_000n, 500n));
    const account = { kind: "user" as const, userId: buyer };
    await settleUsage(p, {
      account,
      model: "gpt-x",
      provider: "openai",
      pt: 2_000n,
      costMicroUsd: 150_000n,
      at,
    });
    await settleUsage(p, {
      account,
      model: "gpt-y",
      provider: "openai",
      pt: 1_000n,
      costMicroUsd: 100_000n,
      at,
    });
    await settleUsage(p, {
      account,
      model: "claude-x",
      provider: "anthropic",
      pt: 1_000n,
      costMicroUsd: 20_000n,
      at,
    });
  });
  afterAll(async () => db?.cleanup());

  const post = async (body: unknown) => collection.POST(req("/api/admin/alert-rules", { body }), ctx());
  const patch = (id: string, body: unknown) =>
    item.PATCH(req(`/api/admin/alert-rules/${id}`, { method: "PATCH", body }), ctx({ id }));
  const create = async (body: Record<string, unknown>): Promise<Rule> => {
    const res = await post(body);
    expect(res.status, await res.clone().text()).toBe(200);
    return ((await res.json()) as { rule: Rule }).rule;
  };

  it("validates with one schema: each bad field is a 422 naming it", async () => {
    const base = { name: "cost", metric: "provider_cost", comparator: "gt", threshold: "50" };
    const cases: [Record<string, unknown>, string][] = [
      [{ ...base, threshold: "50.1234567" }, "threshold"], // more than 6 decimals of a dollar
      [{ ...base, metric: "pt_used", threshold: "1.5" }, "threshold"], // PT are whole
      [{ ...base, threshold: "-1" }, "threshold"], // only a margin may be negative
      [{ ...base, metric: "margin_percent", threshold: "30.125" }, "threshold"],
      [{ ...base, metric: "latency" }, "metric"],
      [{ ...base, comparator: "!=" }, "comparator"],
      [{ ...base, name: "  " }, "name"],
      [{ ...base, provider: "open ai; drop" }, "provider"],
      [{ ...base, window: "week" }, "window"],
      [{ ...base, extra: 1 }, ""],
    ];
    for (const [body, field] of cases) {
      const res = await post(body);
      expect(res.status, JSON.stringify(body)).toBe(422);
      const error = ((await res.json()) as { error: { details: { path: string }[] } }).error;
      if (field) expect(error.details.map((d) => d.path)).toContain(field);
    }
    expect(await p.alertRule.count()).toBe(0);
    // Users and anonymous callers are refused (tests/admin/authorization.test.ts covers every method).
    state.who = { userId: randomUUID(), role: "USER", twoFactorEnabled: false } satisfies Who;
    expect((await post(base)).status).toBe(403);
    state.who = { userId: adminId, role: "ADMIN", twoFactorEnabled: true } satisfies Who;
  });

  it("creates, lists, edits, disables and deletes, each change audited; a merged edit is validated whole", async () => {
    const rule = await create({ name: "Tmp", metric: "margin_percent", comparator: "lt", threshold: "-2.5" });
    expect(rule.threshold).toBe("-250");
    const listed = (await (await collection.GET(req("/api/admin/alert-rules"), ctx())).json()) as {
      rules: Rule[];
    };
    expect(listed.rules.map((r) => r.name)).toEqual(["Tmp"]);
    // A new metric whose unit the stored threshold does not fit: 422 on threshold, nothing changed.
    const bad = await patch(rule.id, { metric: "request_count" });
    expect(bad.status).toBe(422);
    expect((await p.alertRule.findUniqueOrThrow({ where: { id: rule.id } })).metric).toBe("margin_percent");
    const off = await patch(rule.id, { enabled: false, threshold: "10" });
    expect(((await off.json()) as { rule: Rule }).rule).toMatchObject({ enabled: false, threshold: "1000" });
    const gone = await item.DELETE(
      req(`/api/admin/alert-rules/${rule.id}`, { method: "DELETE" }),
      ctx({ id: rule.id }),
    );
    expect(gone.status).toBe(200);
    expect((await patch(rule.id, { enabled: true })).status).toBe(404);
    const audit = await p.auditLog.findMany({ where: { targetId: rule.id }, orderBy: { createdAt: "asc" } });
    expect(audit.map((a) => [a.action, a.actorId])).toEqual([
      ["alert_rule.create", adminId],
      ["alert_rule.update", adminId],
      ["alert_rule.delete", adminId],
    ]);
  });

  it("fires the rules the day matches, once per rule and day, through every admin channel", async () => {
    const actor = { userId: adminId };
    await createEndpoint(
      p,
      actor,
      { userId: null },
      { url: "http://127.0.0.1:9/ops", events: ["alert.triggered"] },
    );
    await createEndpoint(
      p,
      actor,
      { userId: null },
      { url: "https://discord.com/api/webhooks/1/x", format: "discord" },
    );
    const fires = [
      await create({
        name: "OpenAI cost",
        metric: "provider_cost",
        provider: "openai",
        comparator: "gt",
        threshold: "0.2",
      }),
      await create({
        name: "Thin margin",
        metric: "margin_percent",
        provider: "openai",
        comparator: "lt",
        threshold: "20",
      }),
      await create({
        name: "Busy model",
        metric: "request_count",
        model: "gpt-x",
        comparator: "gte",
        threshold: "1",
      }),
      await create({ name: "PT", metric: "pt_used", comparator: "gte", threshold: "4000" }),
    ];
    const quiet = [
      await create({
        name: "Anthropic cost",
        metric: "provider_cost",
        provider: "anthropic",
        comparator: "gt",
        threshold: "0.02",
      }),
      await create({ name: "Margin total", metric: "margin_percent", comparator: "lt", threshold: "30" }), // 32.5 %
      await create({
        name: "No such model",
        metric: "margin_percent",
        model: "nope",
        comparator: "lt",
        threshold: "100",
      }),
      await create({ name: "Off", metric: "pt_used", comparator: "gt", threshold: "0", enabled: false }),
    ];
    expect(await runAlerts(p, { day: DAY, floorPt: 10n ** 12n })).toMatchObject({
      rulesEvaluated: 7,
      rulesFired: 4,
    });
    expect(await runAlerts(p, { day: DAY, floorPt: 10n ** 12n })).toMatchObject({
      rulesEvaluated: 7,
      rulesFired: 0,
    });

    const firings = await p.alertFiring.findMany({ where: { kind: "rule" } });
    expect(firings.map((f) => f.ruleId).sort()).toEqual(fires.map((r) => r.id).sort());
    expect(firings.every((f) => !quiet.some((q) => q.id === f.ruleId))).toBe(true);
    const margin = firings.find((f) => f.ruleId === fires[1]?.id);
    expect(margin?.value).toBe(1666n); // 16.66 % in basis points, rounded down
    expect(margin?.detail).toMatchObject({ condition: "Margin (provider openai) < 20%", value: "16.66%" });

    const mails = await p.emailOutbox.findMany({ where: { userId: adminId } });
    expect(mails.map((m) => (m.data as { subject: string }).subject).sort()).toEqual(
      fires.map((r) => `Alert rule "${r.name}" fired for ${DAY}`).sort(),
    );
    const events = await p.webhookDelivery.findMany({ select: { eventType: true, payload: true } });
    expect(events.filter((e) => e.eventType === "admin.alert")).toHaveLength(4);
    const triggered = events.filter((e) => e.eventType === "alert.triggered").map((e) => e.payload);
    expect(triggered).toHaveLength(4);
    expect(triggered).toContainEqual(
      expect.objectContaining({
        data: expect.objectContaining({
          name: "OpenAI cost",
          metric: "provider_cost",
          threshold: "200000",
          value: "250000",
        }),
      }),
    );
    // The next day is a new day: the PT rule does not fire without usage.
    expect(await runAlerts(p, { day: "2031-05-11", floorPt: 10n ** 12n })).toMatchObject({ rulesFired: 0 });
  });
});
