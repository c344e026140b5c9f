// Admin email delivery through its routes as a 2FA admin on real Postgres: the outbox filtered by
// status and template and paged on the server, each mail with its attempt log (every provider call
// of the fallback chain); "Retry now" sends a dead mail again through the environment's chain,
// writes one audit row, keeps the earlier attempts in the log, and refuses mail that is not
// failed or dead (409) or does not exist (404).
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { enqueueEmail } from "@/lib/email/enqueue";
import { processOutbox } from "@/lib/email/process-outbox";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { createFakeEmailProvider } from "@/tests/fakes/email-provider";
import { createTestDatabase, type TestDatabase, truncateAll } from "@/tests/helpers/db";
import { ctx, makeUser, req, type Who } from "./helpers";

const state = vi.hoisted(() => ({ who: null as unknown, prisma: null as unknown }));
vi.mock("@/lib/auth/principal", async () => {
  const h = await import("./helpers");
  return { resolveUser: async () => h.principalFor(state.who as Who), resolveGuest: async () => null };
});
vi.mock("@/lib/db", async (importOriginal) => ({
  ...(await importOriginal<object>()),
  getDb: async () => state.prisma,
}));

const list = await import("@/app/api/admin/emails/route");
const retry = await import("@/app/api/admin/emails/[id]/retry/route");

type Page = {
  items: {
    id: string;
    to: string;
    template: string;
    category: string;
    status: string;
    attempts: number;
    lastError: string | null;
    log: { attempt: number; provider: string; outcome: string; durationMs: number; error: string | null }[];
  }[];
  total: number;
  page: number;
  pages: number;
};

let db: TestDatabase;
let p: PrismaClient;
let admin: { id: string };

beforeAll(async () => {
  db = await createTestDatabase();
  p = db.prisma;
  state.prisma = p;
});
afterAll(async () => db?.cleanup());
beforeEach(async () => {
  await truncateAll(p);
  admin = await makeUser(p, "ADMIN", true);
  state.who = { userId: admin.id, role: "ADMIN", twoFactorEnabled: true } satisfies Who;
});

const verify = (i: number) => ({ url: `https://app.test/verify?token=t${i}`, name: "Ada" });

async function getList(query: string): Promise<{ status: number; body: Page }> {
  const res = await list.GET(req(`/api/admin/emails${query}`), ctx());
  return { status: res.status, body: (await res.json()) as Page };
}

/** A verify-email whose every send the provider refuses for good: dead after one claim. */
async function deadEmail(to = "dead@example.com"): Promise<string> {
  const { id } = await enqueueEmail(p, { to, template: "verify-email", data: verify(0) });
  const refusing = createFakeEmailProvider({ failFirst: 99, permanent: true });
  await processOutbox(p, { provider: refusing, ids: [id] });
  return id;
}

describe("admin email delivery", () => {
  it("lists the outbox with filters, server-side pages and each mail's attempt log", async () => {
    for (let i = 0; i < 12; i++)
      await enqueueEmail(p, { to: `u${i}@example.com`, template: "verify-email", data: verify(i) });
    await enqueueEmail(p, {
      to: "r@example.com",
      template: "password-reset",
      data: { url: "https://app.test/reset?token=x", expiresMinutes: 30, name: "Ada" },
    });
    const deadId = await deadEmail();

    const all = await getList("?size=10");
    expect(all.status).toBe(200);
    expect(all.body).toMatchObject({ total: 14, page: 1, pages: 2 });
    expect(all.body.items).toHaveLength(10);
    const second = await getList("?size=10&page=2");
    expect(second.body.items).toHaveLength(4);
    const ids = new Set([...all.body.items, ...second.body.items].map((e) => e.id));
    expect(ids.size).toBe(14);

    const dead = await getList("?status=dead");
    expect(dead.body.total).toBe(1);
    const [row] = dead.body.items;
    expect(row).toMatchObject({
      id: deadId,
      status: "dead",
      template: "verify-email",
      category: "security",
      attempts: 1,
    });
    expect(row?.log).toEqual([
      expect.objectContaining({
        attempt: 1,
        provider: "fake",
        outcome: "rejected",
        error: "fake provider is down",
      }),
    ]);
    expect(row?.lastError).toBe("fake provider is down");

    const resets = await getList("?template=password-reset");
    expect(resets.body.items.map((e) => e.to)).toEqual(["r@example.com"]);
    expect((await getList("?status=sent&template=password-reset")).body.total).toBe(0);

    // Hostile or unknown parameters are a 4xx JSON error, never a 500.
    for (const q of [
      "?status=bogus",
      "?template=nope",
      "?size=7",
      "?sort=data",
      "?template=%00",
      "?page=0",
    ]) {
      const bad = await getList(q);
      expect([400, 422], q).toContain(bad.status);
      expect(bad.body).toMatchObject({ error: { code: expect.any(String) } });
    }
  });

  it("retries a dead mail now through the provider chain, audited, keeping its earlier attempts", async () => {
    const id = await deadEmail();
    const res = await retry.POST(req(`/api/admin/emails/${id}/retry`, { body: {} }), ctx({ id }));
    expect(res.status, await res.clone().text()).toBe(200);
    const body = (await res.json()) as Page["items"][number];
    expect(body.status).toBe("sent");
    expect(body.log.map((a) => [a.provider, a.outcome])).toEqual([
      ["fake", "rejected"],
      ["dev", "sent"],
    ]);
    const audit = await p.auditLog.findMany({ where: { targetId: id } });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorId: admin.id, action: "email.retry", targetType: "email" });
    expect(audit[0]?.before).toMatchObject({ status: "dead", attempts: 1 });

    // Sent now: a second retry is refused and writes no audit row.
    const again = await retry.POST(req(`/api/admin/emails/${id}/retry`, { body: {} }), ctx({ id }));
    expect(again.status).toBe(409);
    expect(await p.auditLog.count({ where: { targetId: id } })).toBe(1);
  });

  it("retries only the chosen mail, and refuses pending, unknown and malformed ids", async () => {
    const dead = await deadEmail();
    const { id: pending } = await enqueueEmail(p, {
      to: "p@example.com",
      template: "verify-email",
      data: verify(1),
    });
    const res = await retry.POST(req(`/api/admin/emails/${dead}/retry`, { body: {} }), ctx({ id: dead }));
    expect(res.status).toBe(200);
    // The other due mail was not sent by the admin's retry.
    expect(await p.emailOutbox.findUniqueOrThrow({ where: { id: pending } })).toMatchObject({
      status: "pending",
      attempts: 0,
    });
    const refused = await retry.POST(
      req(`/api/admin/emails/${pending}/retry`, { body: {} }),
      ctx({ id: pending }),
    );
    expect(refused.status).toBe(409);
    const unknown = crypto.randomUUID();
    const missing = await retry.POST(
      req(`/api/admin/emails/${unknown}/retry`, { body: {} }),
      ctx({ id: unknown }),
    );
    expect(missing.status).toBe(404);
    const bad = await retry.POST(req("/api/admin/emails/x/retry", { body: {} }), ctx({ id: "x" }));
    expect(bad.status).toBe(422);
    expect(await p.auditLog.count()).toBe(1);
  });

  it("is for 2FA admins only", async () => {
    const id = await deadEmail();
    state.who = { userId: admin.id, role: "ADMIN", twoFactorEnabled: false } satisfies Who;
    expect((await retry.POST(req(`/api/admin/emails/${id}/retry`, { body: {} }), ctx({ id }))).status).toBe(
      403,
    );
    state.who = { userId: admin.id, role: "USER", twoFactorEnabled: true } satisfies Who;
    expect((await getList("")).status).toBe(403);
    expect((await p.emailOutbox.findUniqueOrThrow({ where: { id } })).status).toBe("dead");
  });
});
