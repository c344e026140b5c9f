// OAuth account linking policy (the provider round trip itself is next-auth's).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { linkOAuthUser, oauthProviders } from "@/lib/auth/oauth";
import { resetEnvForTests } from "@/lib/env";
import { createTestDatabase, type TestDatabase } from "@/tests/helpers/db";
import { createUser, installAppDb, outbox, setupAuthEnv, uniqueEmail } from "./helpers";

let db: TestDatabase;

beforeAll(async () => {
  setupAuthEnv();
  db = await createTestDatabase();
  installAppDb(db.prisma);
});
afterAll(async () => db?.cleanup());

describe("OAuth", () => {
  it("is off unless a provider's variables are set", () => {
    expect(oauthProviders()).toHaveLength(0);
    process.env.GITHUB_ID = "id";
    process.env.GITHUB_SECRET = "secret";
    resetEnvForTests();
    expect(oauthProviders().map((p) => p.id)).toEqual(["github"]);
    delete process.env.GITHUB_ID;
    delete process.env.GITHUB_SECRET;
    resetEnvForTests();
  });

  it("creates a user for a new address, signs the link in again, and never links an existing account", async () => {
    const email = uniqueEmail("oauth");
    const created = await linkOAuthUser(db.prisma, {
      provider: "github",
      providerAccountId: "gh-1",
      email: email.toUpperCase(),
      emailVerified: false,
      name: "Octo",
    });
    if (!created.ok) throw new Error(created.error);
    const user = await db.prisma.user.findUniqueOrThrow({ where: { id: created.userId } });
    expect(user.email).toBe(email);
    expect(user.passwordHash).toBeNull();
    expect(user.emailVerifiedAt).toBeNull();
    expect(await outbox(db.prisma, email, "verify-email")).toHaveLength(1);

    expect(
      await linkOAuthUser(db.prisma, {
        provider: "github",
        providerAccountId: "gh-1",
        email: "changed@example.com",
        emailVerified: false,
      }),
    ).toEqual(created);

    const existing = await createUser(db.prisma);
    expect(
      await linkOAuthUser(db.prisma, {
        provider: "google",
        providerAccountId: "g-1",
        email: existing.email,
        emailVerified: true,
      }),
    ).toEqual({
      ok: false,
      error: "OAuthAccountNotLinked",
    });
    expect(await db.prisma.oAuthAccount.count({ where: { userId: existing.id } })).toBe(0);

    const verified = await linkOAuthUser(db.prisma, {
      provider: "google",
      providerAccountId: "g-2",
      email: uniqueEmail("g"),
      emailVerified: true,
    });
    if (!verified.ok) throw new Error(verified.error);
    expect(
      (await db.prisma.user.findUniqueOrThrow({ where: { id: verified.userId } })).emailVerifiedAt,
    ).not.toBeNull();

    await db.prisma.user.update({ where: { id: created.userId }, data: { twoFactorEnabledAt: new Date() } });
    expect(
      await linkOAuthUser(db.prisma, {
        provider: "github",
        providerAccountId: "gh-1",
        email,
        emailVerified: false,
      }),
    ).toEqual({
      ok: false,
      error: "OAuthTwoFactor",
    });
  });
});
