// Seeding: two users, idempotent, random one-time passwords that verify against the stored hash.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  DEFAULT_ADMIN_EMAIL,
  DEFAULT_DEMO_EMAIL,
  formatSeedCredentials,
  seedDatabase,
} from "@/lib/admin/seed";
import { PASSWORD_HASH_PARAMS, verifyPassword } from "@/lib/auth/password";
import { createTestDatabase, type TestDatabase, truncateAll } from "@/tests/helpers/db";

describe("seedDatabase", () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db.cleanup();
  });

  it("creates an admin and a demo user once, with random passwords that verify", async () => {
    await truncateAll(db.prisma);
    const created = await seedDatabase(db.prisma);
    expect(created.map((u) => [u.email, u.role])).toEqual([
      [DEFAULT_ADMIN_EMAIL, "ADMIN"],
      [DEFAULT_DEMO_EMAIL, "USER"],
    ]);
    const [admin, demo] = created;
    if (!admin || !demo) throw new Error("expected two users");
    expect(admin.password.length).toBeGreaterThanOrEqual(20);
    expect(admin.password).not.toBe(demo.password);

    const users = await db.prisma.user.findMany({ orderBy: { email: "asc" } });
    expect(users).toHaveLength(2);
    const stored = users.find((u) => u.email === DEFAULT_ADMIN_EMAIL);
    expect(stored?.role).toBe("ADMIN");
    expect(stored?.passwordHash).toMatch(
      new RegExp(`^\\$argon2id\\$v=19\\$m=${PASSWORD_HASH_PARAMS.memoryCost},t=2,p=1\\$`),
    );
    expect(await verifyPassword(stored?.passwordHash ?? "", admin.password)).toBe(true);
    expect(await verifyPassword(stored?.passwordHash ?? "", demo.password)).toBe(false);

    expect(await seedDatabase(db.prisma)).toEqual([]);
    expect(await db.prisma.user.count()).toBe(2);
    // Re-seeding never resets a password.
    const again = await db.prisma.user.findUnique({ where: { email: DEFAULT_ADMIN_EMAIL } });
    expect(again?.passwordHash).toBe(stored?.passwordHash);
  });

  it("prints each created credential in the one-time box", async () => {
    await truncateAll(db.prisma);
    expect(await db.prisma.user.count()).toBe(0);
    const created = await seedDatabase(db.prisma, { adminEmail: "Owner@Example.com" });
    const box = formatSeedCredentials(created);
    expect(created[0]?.email).toBe("owner@example.com");
    for (const user of created) expect(box).toContain(user.password);
    expect(new Set(box.split("\n").map((l) => l.length)).size).toBe(1);
  });

  it("rejects a malformed hash instead of throwing", async () => {
    expect(await verifyPassword("not-a-hash", "whatever")).toBe(false);
  });
});
