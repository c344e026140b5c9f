// The admin privacy-requests queue: an admin (2FA) exports or schedules the deletion of a user who
// asked by email; each is audited with the admin as actor and listed in the queue; bad input and
// non-admins are refused with nothing recorded.
import { strFromU8, unzipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as deletionRoute } from "@/app/api/admin/privacy/deletion/route";
import { POST as exportRoute } from "@/app/api/admin/privacy/export/route";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { listPrivacyRequests } from "@/lib/privacy/admin";
import { installAppDb, setupAuthEnv } from "@/tests/auth/helpers";
import { ctx, freshCaches, type Handler, post, signedIn } from "@/tests/compliance/helpers";
import { createTestDatabase, type TestDatabase } from "@/tests/helpers/db";
import { richUser } from "./helpers";

describe("admin privacy requests", () => {
  let db: TestDatabase;
  let p: PrismaClient;

  beforeAll(async () => {
    setupAuthEnv();
    db = await createTestDatabase();
    p = db.prisma;
    installAppDb(p);
  });
  afterAll(async () => db.cleanup());

  it("refuses non-admins, a missing note and unknown addresses, recording nothing", async () => {
    freshCaches();
    const admin = await signedIn(p, "ADMIN");
    const plain = await signedIn(p);
    const user = await richUser(p);
    const note = "Asked by email on 2026-12-01, replied from the account address";
    const asUser = await (exportRoute as Handler)(
      post("/api/admin/privacy/export", { email: user.email, note }, plain.cookie),
      ctx,
    );
    expect(asUser.status).toBe(403);
    const noNote = await (exportRoute as Handler)(
      post("/api/admin/privacy/export", { email: user.email }, admin.cookie),
      ctx,
    );
    expect(noNote.status).toBe(422);
    const unknown = await (deletionRoute as Handler)(
      post("/api/admin/privacy/deletion", { email: "nobody@example.com", note }, admin.cookie),
      ctx,
    );
    expect(unknown.status).toBe(404);
    expect(await p.privacyRequest.count()).toBe(0);
  });

  it("exports and schedules a deletion for a user who asked by email, audited and listed", async () => {
    freshCaches();
    const admin = await signedIn(p, "ADMIN");
    const user = await richUser(p);
    const note = "Ticket #42: asked from the account address";
    const res = await (exportRoute as Handler)(
      post("/api/admin/privacy/export", { email: user.email.toUpperCase(), note }, admin.cookie),
      ctx,
    );
    expect(res.status).toBe(200);
    const files = unzipSync(new Uint8Array(await res.arrayBuffer()));
    expect(JSON.parse(strFromU8(files["export.json"] as Uint8Array)).account.id).toBe(user.id);

    const del = await (deletionRoute as Handler)(
      post("/api/admin/privacy/deletion", { email: user.email, note }, admin.cookie),
      ctx,
    );
    expect(del.status).toBe(200);
    const again = await (deletionRoute as Handler)(
      post("/api/admin/privacy/deletion", { email: user.email, note }, admin.cookie),
      ctx,
    );
    expect(again.status).toBe(409);

    const audit = await p.auditLog.findMany({
      where: { targetId: user.id, action: { startsWith: "privacy." } },
      orderBy: { createdAt: "asc" },
    });
    expect(audit.map((a) => [a.action, a.actorId])).toEqual([
      ["privacy.export.admin", admin.id],
      ["privacy.deletion.admin", admin.id],
    ]);
    const queue = await listPrivacyRequests(p);
    expect(queue[0]).toMatchObject({
      kind: "deletion",
      status: "scheduled",
      email: user.email,
      byAdmin: true,
      note,
    });
    expect(queue.find((r) => r.kind === "export")).toMatchObject({ status: "completed", byAdmin: true });
  });
});
