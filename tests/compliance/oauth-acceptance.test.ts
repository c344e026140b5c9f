// OAuth sign-ups never see the sign-up form's checkbox: they are asked to accept the Terms and the
// Privacy Policy (a first acceptance, not "updated") before chatting or buying, and the acceptance
// is recorded with version, time and IP like any other.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as acceptRoute } from "@/app/api/legal/accept/route";
import { linkOAuthUser } from "@/lib/auth/oauth";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { assertLegalAccepted, pendingAcceptances } from "@/lib/legal/acceptances";
import { installAppDb, sessionCookie, setupAuthEnv, uniqueEmail } from "@/tests/auth/helpers";
import { createTestDatabase, type TestDatabase } from "@/tests/helpers/db";
import { ctx, freshCaches, type Handler, post, signedIn } from "./helpers";

describe("OAuth sign-up acceptance", () => {
  let db: TestDatabase;
  let p: PrismaClient;

  beforeAll(async () => {
    setupAuthEnv();
    db = await createTestDatabase();
    p = db.prisma;
    installAppDb(p);
  });
  afterAll(async () => db.cleanup());

  it("asks an OAuth sign-up to accept both documents, then records the acceptance", async () => {
    freshCaches();
    const created = await linkOAuthUser(p, {
      provider: "github",
      providerAccountId: "gh-4242",
      email: uniqueEmail("gh"),
      emailVerified: true,
      name: "Octo Cat",
    });
    if (!created.ok) throw new Error(created.error);
    const pending = await pendingAcceptances(p, created.userId);
    expect(pending.map((d) => [d.id, d.version, d.firstTime])).toEqual([
      ["terms", "1", true],
      ["privacy", "1", true],
    ]);
    await expect(assertLegalAccepted(p, created.userId)).rejects.toMatchObject({
      code: "legal_acceptance_required",
    });

    const { cookie } = await sessionCookie(p, created.userId);
    const res = await (acceptRoute as Handler)(
      post(
        "/api/legal/accept",
        {
          documents: [
            { id: "terms", version: "1" },
            { id: "privacy", version: "1" },
          ],
        },
        cookie,
      ),
      ctx,
    );
    expect(res.status).toBe(200);
    await expect(assertLegalAccepted(p, created.userId)).resolves.toBeUndefined();
    const rows = await p.legalAcceptance.findMany({
      where: { userId: created.userId },
      orderBy: { document: "asc" },
    });
    expect(rows.map((r) => [r.document, r.version, r.ip])).toEqual([
      ["privacy", "1", "203.0.113.7"],
      ["terms", "1", "203.0.113.7"],
    ]);
  });

  it("a seeded or password account created since the version took effect is still not asked", async () => {
    freshCaches();
    const user = await signedIn(p);
    expect(await pendingAcceptances(p, user.id)).toEqual([]);
  });
});
