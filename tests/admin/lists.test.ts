// The admin lists (users, disputes, webhook events, payments, audit log) on real Postgres through
// their API routes with real session cookies: sort by each allowed column in both directions with
// a stable order (pages never repeat or skip a row), filters, page counts; hostile parameters
// (unknown column, NUL byte, huge strings, bad page sizes) are a 4xx JSON error, never a 500; and
// the routes refuse anonymous callers (401), users (403) and admins without 2FA (403).
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { resetRateLimiterForTests } from "@/lib/ratelimit/limiter";
import { createUser, installAppDb, sessionCookie, setupAuthEnv } from "@/tests/auth/helpers";
import { createTestDatabase, type TestDatabase } from "@/tests/helpers/db";

const routes = {
  users: (await import("@/app/api/admin/users/route")).GET,
  disputes: (await import("@/app/api/admin/disputes/route")).GET,
  webhooks: (await import("@/app/api/admin/webhooks/route")).GET,
  refunds: (await import("@/app/api/admin/refunds/route")).GET,
  audit: (await import("@/app/api/admin/audit/route")).GET,
};
type Name = keyof typeof routes;
const ctx = { params: Promise.resolve({}) };

type Page = { items: { id: string }[]; total: number; page: number; pages: number; size: number };

describe("admin lists: server-side sort, filter and pagination", () => {
  let db: TestDatabase;
  let p: PrismaClient;
  let admin: string;
  let user: string;
  let adminNo2fa: string;
  const tag = randomUUID().slice(0, 8);

  async function call(name: Name, query: string, cookie = admin): Promise<Response> {
    // The admin API's per-user rate limit is not under test here; this file makes ~150 calls.
    resetRateLimiterForTests();
    return routes[name](
      new Request(`http://localhost/api/admin/${name}?${query}`, { headers: { cookie } }),
      ctx,
    );
  }
  async function list(name: Name, query: string): Promise<Page> {
    const res = await call(name, query);
    expect(res.status, `${name}?${query}`).toBe(200);
    return (await res.json()) as Page;
  }
  /** Every page of a query, to check the order is total and stable across pages. */
  async function walk(name: Name, query: string): Promise<string[]> {
    const first = await list(name, `${query}&size=10&page=1`);
    const ids = first.items.map((i) => i.id);
    for (let page = 2; page <= first.pages; page++)
      ids.push(...(await list(name, `${query}&size=10&page=${page}`)).items.map((i) => i.id));
    expect(ids.length).toBe(first.total);
    expect(new Set(ids).size).toBe(ids.length);
    return ids;
  }

  beforeAll(async () => {
    setupAuthEnv();
    db = await createTestDatabase();
    p = db.prisma;
    installAppDb(p);
    const a = await createUser(p, { role: "ADMIN" });
    await p.user.update({ where: { id: a.id }, data: { twoFactorEnabledAt: new Date() } });
    admin = (await sessionCookie(p, a.id)).cookie;
    const n = await createUser(p, { role: "ADMIN" });
    adminNo2fa = (await sessionCookie(p, n.id)).cookie;
    const u = await createUser(p);
    user = (await sessionCookie(p, u.id)).cookie;
    // 23 users with colliding created times and plans, so ties must be broken by id.
    const at = new Date("2026-01-01T00:00:00Z");
    for (let i = 0; i < 23; i++)
      await p.user.create({
        data: {
          email: `${tag}-${String(i).padStart(2, "0")}@example.com`,
          name: i % 3 === 0 ? null : `Name ${i % 5}`,
          plan: (["free", "pro", "max"] as const)[i % 3],
          status: i % 4 === 0 ? "frozen" : "active",
          createdAt: at,
        },
      });
    const ids = (await p.user.findMany({ where: { email: { startsWith: tag } }, select: { id: true } })).map(
      (r) => r.id,
    );
    for (let i = 0; i < 14; i++) {
      await p.dispute.create({
        data: {
          userId: ids[i % ids.length] as string,
          itemType: i % 2 ? "payment" : "ledger_entry",
          itemId: `${tag}-item-${i}`,
          reason: `${tag} reason ${i}`,
          amountPt: i % 3 ? BigInt(100 * (i % 4)) : null,
          status: i % 5 === 0 ? "approved" : "open",
          createdAt: at,
        },
      });
      await p.stripeEvent.create({
        data: {
          id: `evt_${tag}_${i}`,
          type: i % 2 ? "invoice.paid" : "checkout.session.completed",
          payload: {},
          stripeCreated: at,
          receivedAt: at,
          status: i % 3 ? "applied" : "dead",
          attempts: i % 4,
        },
      });
      await p.payment.create({
        data: {
          userId: ids[i % ids.length] as string,
          kind: i % 2 ? "subscription" : "topup",
          sourceId: `cs_${tag}_${i}`,
          amountMinor: BigInt(500 * (i % 3)),
          currency: "usd",
          pt: BigInt(1000 * (i % 3)),
          refundedMinor: i % 4 === 0 ? 100n : 0n,
          description: `Payment ${i}`,
          createdAt: at,
        },
      });
      await p.auditLog.create({
        data: {
          actorId: a.id,
          action: i % 2 ? "user.freeze" : "user.adjust_pt",
          targetType: "user",
          targetId: `${tag}-${i}`,
        },
      });
    }
  });
  afterAll(async () => {
    await db?.cleanup();
  });

  it("users: every sortable column in both directions pages through all rows once, in order", async () => {
    for (const sort of ["createdAt", "email", "name", "plan", "status", "role"])
      for (const dir of ["asc", "desc"]) {
        const ids = await walk("users", `q=${tag}&sort=${sort}&dir=${dir}`);
        expect(ids.length).toBe(23);
        const again = await walk("users", `q=${tag}&sort=${sort}&dir=${dir}`);
        expect(again).toEqual(ids);
      }
    const byEmail = await list("users", `q=${tag}&sort=email&dir=asc&size=25`);
    const emails = (byEmail.items as unknown as { email: string }[]).map((u) => u.email);
    expect(emails).toEqual([...emails].sort());
    expect(emails[0]).toBe(`${tag}-00@example.com`);
    const desc = await list("users", `q=${tag}&sort=email&dir=desc&size=10&page=3`);
    expect((desc.items as unknown as { email: string }[]).map((u) => u.email)).toEqual([
      `${tag}-02@example.com`,
      `${tag}-01@example.com`,
      `${tag}-00@example.com`,
    ]);
  });

  it("users: filters combine on the server", async () => {
    const frozenPro = await list("users", `q=${tag}&status=frozen&plan=pro&size=100`);
    // i % 4 === 0 and i % 3 === 1 → i in {4, 16}
    expect(frozenPro.total).toBe(2);
    expect(frozenPro.pages).toBe(1);
    const none = await list("users", `q=${tag}-nobody`);
    expect(none).toMatchObject({ items: [], total: 0, page: 1, pages: 1 });
    const anyStatus = await list("users", `q=${tag}&status=&size=100`);
    expect(anyStatus.total).toBe(23);
  });

  it("disputes: the open queue by default; status filter; every sort is stable", async () => {
    const open = await list("disputes", `q=${tag}&size=100`);
    expect(open.total).toBe(11);
    const all = await list("disputes", `q=${tag}&status=&size=100`);
    expect(all.total).toBe(14);
    for (const sort of ["createdAt", "status", "itemType", "amountPt", "resolvedAt"])
      for (const dir of ["asc", "desc"])
        expect((await walk("disputes", `q=${tag}&status=&sort=${sort}&dir=${dir}`)).length).toBe(14);
  });

  it("webhook events, payments and the audit log: sorts, filters, stable pages", async () => {
    expect((await list("webhooks", `type=checkout.session&status=dead&size=100`)).total).toBe(
      [0, 2, 4, 6, 8, 10, 12].filter((i) => i % 3 === 0).length,
    );
    for (const sort of ["receivedAt", "type", "status", "attempts", "processedAt"])
      expect((await walk("webhooks", `type=&sort=${sort}&dir=asc`)).length).toBe(14);
    expect((await list("refunds", "refunded=refunded&size=100")).total).toBe(4);
    for (const sort of ["createdAt", "amountMinor", "pt", "refundedMinor", "kind"])
      expect((await walk("refunds", `sort=${sort}&dir=desc`)).length).toBe(14);
    expect((await list("audit", "action=user.freeze&size=100")).total).toBe(7);
    for (const sort of ["createdAt", "action", "targetType"])
      expect((await walk("audit", `sort=${sort}&dir=asc`)).length).toBe(14);
  });

  it("hostile parameters are a 4xx JSON error, never a 500", async () => {
    const bad: [Name, string][] = [
      ["users", "sort=passwordHash"],
      ["users", "sort=email;DROP TABLE"],
      ["users", "dir=sideways"],
      ["users", "page=0"],
      ["users", "page=-1"],
      ["users", "page=1e9"],
      ["users", "size=1000"],
      ["users", "size=7"],
      ["users", "q=a%00b"],
      ["users", `q=${"x".repeat(100_000)}`],
      ["users", "status=gone"],
      ["disputes", "status=%00"],
      ["disputes", "sort=userId"],
      ["webhooks", "type=%00"],
      ["webhooks", "sort=payload"],
      ["refunds", "userId=not-a-uuid"],
      ["refunds", "sort=sourceId"],
      ["audit", "actorId=%00"],
      ["audit", "targetId=%00"],
      ["audit", "sort=before"],
    ];
    for (const [name, query] of bad) {
      const res = await call(name, query);
      expect([400, 422], `${name}?${query.slice(0, 40)}`).toContain(res.status);
      expect(await res.json()).toMatchObject({
        error: { code: expect.any(String), message: expect.any(String) },
      });
    }
  });

  it("every list refuses anonymous callers (401), users (403) and admins without 2FA (403)", async () => {
    for (const name of Object.keys(routes) as Name[]) {
      expect((await call(name, "", "")).status).toBe(401);
      expect((await call(name, "", user)).status).toBe(403);
      const no2fa = await call(name, "", adminNo2fa);
      expect(no2fa.status).toBe(403);
      expect(await no2fa.json()).toMatchObject({ error: { code: "two_factor_required" } });
    }
  });
});
