// Every /api/admin/* route (found on disk, every exported method) refuses anonymous callers (401),
// users (403) and admins without two-factor authentication (403 two_factor_required), before any
// input is read or the database is touched; an admin with 2FA gets through the guard.
import { readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it, vi } from "vitest";
import { isMethodFallback } from "@/lib/http/methods";
import { ctx, type Who } from "./helpers";

const state = vi.hoisted(() => ({ who: null as unknown }));
vi.mock("@/lib/auth/principal", async () => {
  const h = await import("./helpers");
  return { resolveUser: async () => h.principalFor(state.who as Who), resolveGuest: async () => null };
});
vi.mock("@/lib/db", async (importOriginal) => ({
  ...(await importOriginal<object>()),
  getDb: async () => {
    throw new Error("the guard must refuse before the database is used");
  },
}));

function routeFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return routeFiles(path);
    return name === "route.ts" ? [path] : [];
  });
}

const ROOT = join(process.cwd(), "app/api/admin");
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
const FAKE_ID = "00000000-0000-4000-8000-000000000001";

const cases: {
  name: string;
  handler: (r: Request, c: ReturnType<typeof ctx>) => Promise<Response>;
  method: string;
  url: string;
}[] = [];
for (const file of routeFiles(ROOT)) {
  const mod = (await import(file)) as Record<string, unknown>;
  const url = `/api/admin/${relative(ROOT, file)
    .replace(/\/?route\.ts$/, "")
    .replaceAll("[id]", FAKE_ID)}`;
  for (const method of METHODS) {
    const handler = mod[method];
    // Methods a route does not implement answer 405 before any guard (tests/http/methods.test.ts).
    if (typeof handler === "function" && !isMethodFallback(handler)) {
      cases.push({
        name: `${method} ${url}`,
        handler: handler as (typeof cases)[number]["handler"],
        method,
        url,
      });
    }
  }
}

const call = (c: (typeof cases)[number]) =>
  c.handler(
    new Request(`http://localhost${c.url}`, {
      method: c.method,
      headers: { "content-type": "application/json" },
      body: c.method === "GET" ? undefined : "{}",
    }),
    ctx({ id: FAKE_ID }),
  );

describe("admin API authorization", () => {
  it("finds the admin routes", () => {
    expect(cases.length).toBeGreaterThanOrEqual(18);
    // Named, so a route that moved or lost its export fails here rather than silently going untested.
    expect(cases.map((c) => c.name)).toEqual(
      expect.arrayContaining(["GET /api/admin/emails", `POST /api/admin/emails/${FAKE_ID}/retry`]),
    );
  });

  it.each(cases.map((c) => [c.name, c] as const))(
    "%s refuses anonymous, users and admins without 2FA",
    async (_n, c) => {
      state.who = null;
      expect((await call(c)).status).toBe(401);
      state.who = { userId: FAKE_ID, role: "USER", twoFactorEnabled: true } satisfies Who;
      expect((await call(c)).status).toBe(403);
      state.who = { userId: FAKE_ID, role: "ADMIN", twoFactorEnabled: false } satisfies Who;
      const res = await call(c);
      expect(res.status).toBe(403);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe("two_factor_required");
      // Past the guard: a 2FA admin reaches validation or the (here unavailable) database.
      state.who = { userId: FAKE_ID, role: "ADMIN", twoFactorEnabled: true } satisfies Who;
      expect([401, 403]).not.toContain((await call(c)).status);
    },
  );
});
