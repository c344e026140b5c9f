// OAuth sign-ups never see the sign-up form's checkbox: they are asked to accept the Terms and the
// Privacy Policy (a first acceptance, not "updated") before chatting or buying, and the acceptance
// is recorded with version, time and IP like any other.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as acceptRoute } from "@/app/api/legal/accept/route";
import { linkOAuthUser } from "@/lib/auth/oauth";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { assertLegalAccepted, pendingAcceptances } from "@/lib/legal/acceptances";
import { latestBuiltIn } from "@/lib/legal/versions";
import { installAppDb, sessionCookie, setupAuthEnv, uniqueEmail } from "@/tests/auth/helpers";
import { createTestDatabase, type TestDatabase } from "@/tests/helpers/db";
import { ctx, freshCaches, type Handler, post, signedIn } from "./helpers";

const TERMS = latestBuiltIn("terms").version;
const PRIVACY = latestBuiltIn("privacy").version;

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
      ["terms", TERMS, true],
      ["privacy", PRIVACY, true],
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
            { id: "terms", version: TERMS },
            { id: "privacy", version: PRIVACY },
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
      ["privacy", PRIVACY, "203.0.113.7"],
      ["terms", TERMS, "203.0.113.7"],
    ]);
  });

  it("a seeded account that never accepted is asked too; one that accepted the versions in force is not", async () => {
    freshCaches();
    const seeded = await signedIn(p, "ADMIN", { acceptLegal: false });
    expect((await pendingAcceptances(p, seeded.id)).map((d) => d.id)).toEqual(["terms", "privacy"]);
    const user = await signedIn(p);
    expect(await pendingAcceptances(p, user.id)).toEqual([]);
  });
});
