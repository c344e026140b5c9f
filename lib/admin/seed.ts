// Seeds the two accounts a fresh install needs: an admin and a demo user. Idempotent by email:
// existing users are left untouched. Passwords are random and returned only for users created
// now, so the caller can show them once; they are never fixed and never stored in clear. Not on
// the database's open path (lib/db.ts stays core): the server's start (instrumentation.ts) seeds an
// embedded database nobody can sign in to yet, and `npm run db:seed` seeds any database.
import { randomBytes } from "node:crypto";
import { hashPassword } from "@/lib/auth/password";
import { env } from "@/lib/env";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { seedPrices } from "@/lib/pricing/seed-prices";

export const DEFAULT_ADMIN_EMAIL = "admin@ledgerchat.local";
export const DEFAULT_DEMO_EMAIL = "demo@ledgerchat.local";

export type SeededUser = { email: string; role: "ADMIN" | "USER"; password: string };

/** 24 URL-safe characters from 18 random bytes (144 bits). */
export function randomPassword(): string {
  return randomBytes(18).toString("base64url");
}

export type SeedOptions = { adminEmail?: string; demoEmail?: string };

/** Creates the missing seed users; returns only those created now, with their one-time passwords. */
export async function seedDatabase(prisma: PrismaClient, options: SeedOptions = {}): Promise<SeededUser[]> {
  const wanted = [
    {
      email: (options.adminEmail ?? DEFAULT_ADMIN_EMAIL).toLowerCase(),
      role: "ADMIN" as const,
      name: "Admin",
    },
    {
      email: (options.demoEmail ?? DEFAULT_DEMO_EMAIL).toLowerCase(),
      role: "USER" as const,
      name: "Demo user",
    },
  ];
  // Default model prices (insert-only, idempotent): without them every model is refused.
  await seedPrices(prisma);
  const created: SeededUser[] = [];
  for (const user of wanted) {
    const existing = await prisma.user.findUnique({ where: { email: user.email }, select: { id: true } });
    if (existing) continue;
    const password = randomPassword();
    // createMany + skipDuplicates: a concurrent seeder that won the race makes this a no-op.
    const { count } = await prisma.user.createMany({
      data: [{ ...user, passwordHash: await hashPassword(password), emailVerifiedAt: new Date() }],
      skipDuplicates: true,
    });
    if (count === 1) created.push({ email: user.email, role: user.role, password });
  }
  return created;
}

/** The boxed one-time message with the generated credentials. */
export function formatSeedCredentials(users: SeededUser[]): string {
  const emailWidth = Math.max(...users.map((u) => u.email.length));
  const lines = [
    "Ledgerchat created these accounts. The passwords are shown ONCE; store them now.",
    "",
    ...users.map(
      (u) => `${u.role === "ADMIN" ? "admin" : "demo "}  ${u.email.padEnd(emailWidth)}  ${u.password}`,
    ),
  ];
  const width = Math.max(...lines.map((l) => l.length));
  const bar = `+${"-".repeat(width + 2)}+`;
  return [bar, ...lines.map((l) => `| ${l.padEnd(width)} |`), bar].join("\n");
}

/**
 * On the embedded database only: seeds it while it has no users (first start, or migrated by
 * db:migrate beforehand) and prints the one-time passwords. A real database is seeded on purpose,
 * with `npm run db:seed`.
 */
export async function seedOnFirstStart(prisma: PrismaClient): Promise<SeededUser[]> {
  if (env().DATABASE_URL) return [];
  if ((await prisma.user.count()) > 0) return [];
  const created = await seedDatabase(prisma);
  if (created.length > 0) console.warn(`\n${formatSeedCredentials(created)}\n`);
  return created;
}
