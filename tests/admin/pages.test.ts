// Every /admin page (found on disk) and the admin layout refuse on the server before reading any
// data: anonymous → sign-in, a user → 404, an admin without 2FA → two-factor setup.
import { readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it, vi } from "vitest";
import type { Who } from "./helpers";

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
vi.mock("next/headers", () => ({
  cookies: async () => ({ getAll: () => [] }),
  headers: async () => new Headers(),
}));
vi.mock("next/navigation", () => ({
  redirect: (to: string) => {
    throw Object.assign(new Error("redirect"), { redirectTo: to });
  },
  notFound: () => {
    throw Object.assign(new Error("notFound"), { notFound: true });
  },
  useRouter: () => ({ refresh() {} }),
}));

function pageFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return pageFiles(path);
    return name === "page.tsx" || name === "layout.tsx" ? [path] : [];
  });
}

const ROOT = join(process.cwd(), "app/admin");
const ID = "00000000-0000-4000-8000-000000000001";
const pages = pageFiles(ROOT).map((file) => [relative(ROOT, file), file] as const);

async function render(file: string): Promise<unknown> {
  const mod = (await import(file)) as { default: (props: unknown) => Promise<unknown> };
  try {
    await mod.default({
      params: Promise.resolve({ id: ID }),
      searchParams: Promise.resolve({}),
      children: null,
    });
    return "rendered";
  } catch (error) {
    return error;
  }
}

describe("admin pages authorization", () => {
  it("finds the admin pages", () => {
    expect(pages.length).toBeGreaterThanOrEqual(11);
    expect(pages.map(([name]) => name)).toContain("emails/page.tsx");
  });

  it.each(pages)("%s refuses anonymous, users and admins without 2FA", async (_name, file) => {
    state.who = null;
    expect(await render(file)).toMatchObject({
      redirectTo: expect.stringMatching(/^\/sign-in\?next=%2Fadmin/),
    });
    state.who = { userId: ID, role: "USER", twoFactorEnabled: true } satisfies Who;
    expect(await render(file)).toMatchObject({ notFound: true });
    state.who = { userId: ID, role: "ADMIN", twoFactorEnabled: false } satisfies Who;
    expect(await render(file)).toMatchObject({
      redirectTo: expect.stringMatching(/^\/account\/security\?required=2fa/),
    });
  });
});
