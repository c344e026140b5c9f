// Admin notices: one mail per active admin, never twice for the same key.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { notifyAdmins } from "@/lib/email/notify-admins";
import { createTestDatabase, type TestDatabase } from "@/tests/helpers/db";

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => db?.cleanup());

describe("notifyAdmins", () => {
  it("mails each active admin once per dedupe key and nobody else", async () => {
    await db.prisma.user.createMany({
      data: [
        { email: "a1@example.com", role: "ADMIN" },
        { email: "a2@example.com", role: "ADMIN" },
        { email: "gone@example.com", role: "ADMIN", status: "deleted" },
        { email: "user@example.com", role: "USER" },
      ],
    });
    const notice = {
      subject: "Margin alert",
      paragraphs: ["gpt-4o under 40%"],
      path: "/admin",
      dedupeKey: "k1",
    };
    expect(await notifyAdmins(db.prisma, notice)).toBe(2);
    await notifyAdmins(db.prisma, notice);
    const mails = await db.prisma.emailOutbox.findMany({ select: { to: true, template: true } });
    expect(mails.map((m) => m.to).sort()).toEqual(["a1@example.com", "a2@example.com"]);
    expect(mails.every((m) => m.template === "notice")).toBe(true);
    await notifyAdmins(db.prisma, { ...notice, dedupeKey: "k2" });
    expect(await db.prisma.emailOutbox.count()).toBe(4);
  });
});
