// Shared setup for the accounts tests: a fixed auth secret, the test database installed as the
// app's database (so route handlers and resolveUser use it), and small factories.

import { encode } from "next-auth/jwt";
import { sessionCookieName } from "@/lib/auth/config";
import { hashPassword } from "@/lib/auth/password";
import { authSecret, resetAuthSecretForTests } from "@/lib/auth/secret";
import { createSession, invalidateSessionCache } from "@/lib/auth/sessions";
import { resetEnvForTests } from "@/lib/env";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { resetRateLimiterForTests } from "@/lib/ratelimit/limiter";
import { acceptCurrentLegal } from "@/tests/helpers/legal";

export const TEST_SECRET = "test-secret-for-accounts-0123456789-abcdefghijklmnop";

export function setupAuthEnv(extra: Record<string, string> = {}): void {
  process.env.NEXTAUTH_SECRET = TEST_SECRET;
  process.env.APP_URL = "http://app.test";
  for (const [k, v] of Object.entries(extra)) process.env[k] = v;
  resetEnvForTests();
  resetAuthSecretForTests();
  resetRateLimiterForTests();
  invalidateSessionCache();
}

/** Makes getDb() answer this client (the app's process-wide database state lives on globalThis). */
export function installAppDb(prisma: PrismaClient): void {
  (globalThis as { __ledgerchatDb?: unknown }).__ledgerchatDb = { client: Promise.resolve(prisma) };
}

let counter = 0;
export function uniqueEmail(prefix = "user"): string {
  counter += 1;
  return `${prefix}-${process.pid}-${counter}-${Date.now()}@example.com`;
}

export async function createUser(
  prisma: PrismaClient,
  input: {
    email?: string;
    password?: string;
    role?: "USER" | "ADMIN";
    verified?: boolean;
    status?: "active" | "frozen";
    /** Record the acceptance of the Terms and Privacy in force, as sign-up does (default true). */
    acceptLegal?: boolean;
  } = {},
): Promise<{ id: string; email: string; password: string }> {
  const email = input.email ?? uniqueEmail();
  const password = input.password ?? "correct horse battery staple";
  const user = await prisma.user.create({
    data: {
      email,
      passwordHash: await hashPassword(password),
      role: input.role ?? "USER",
      status: input.status ?? "active",
      emailVerifiedAt: input.verified === false ? null : new Date(),
    },
    select: { id: true },
  });
  if (input.acceptLegal !== false) await acceptCurrentLegal(prisma, user.id);
  return { id: user.id, email, password };
}

/** A signed-in request's Cookie header for a new session of userId (as next-auth would issue it). */
export async function sessionCookie(
  prisma: PrismaClient,
  userId: string,
): Promise<{ cookie: string; sessionId: string }> {
  const session = await createSession(prisma, {
    userId,
    method: "password",
    ip: "127.0.0.1",
    userAgent: "vitest",
  });
  const token = await encode({ token: { sub: userId, sid: session.id }, secret: authSecret() });
  return { cookie: `${sessionCookieName()}=${token}`, sessionId: session.id };
}

export async function outbox(prisma: PrismaClient, to: string, template?: string) {
  return prisma.emailOutbox.findMany({
    where: { to, ...(template ? { template } : {}) },
    orderBy: { createdAt: "asc" },
    select: { template: true, data: true },
  });
}

/** The token in the link of the latest mail of a template to an address. */
export async function tokenFromMail(prisma: PrismaClient, to: string, template: string): Promise<string> {
  const mails = await outbox(prisma, to, template);
  const data = mails.at(-1)?.data as { url?: string; unlockUrl?: string } | undefined;
  const url = data?.url ?? data?.unlockUrl;
  if (!url) throw new Error(`no ${template} mail to ${to}`);
  const token = new URL(url).searchParams.get("token");
  if (!token) throw new Error(`no token in ${url}`);
  return token;
}
