// The SQL outbox writer against enqueueEmail on real Postgres: the same mail written by either
// path is the same row (category, user, address, data, due now), each is idempotent on its dedupe
// key against the other, a category override and the "no unsubscribable mail without a user" rule
// hold on both, and the worker delivers both with the same brand and List-Unsubscribe headers.
// A source scan keeps every SQL caller on the one writer, so the paths cannot drift apart again.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { EmailDataError, enqueueEmail, enqueueEmailSql } from "@/lib/email/enqueue";
import { emailOutboxSql } from "@/lib/email/outbox-sql";
import { processOutbox } from "@/lib/email/process-outbox";
import type { EmailTemplate } from "@/lib/email/template-name";
import { Prisma, type PrismaClient } from "@/lib/generated/prisma/client";
import { createUser } from "@/tests/auth/helpers";
import { createFakeEmailProvider } from "@/tests/fakes/email-provider";
import { createTestDatabase, type TestDatabase, truncateAll } from "@/tests/helpers/db";

let db: TestDatabase;
let p: PrismaClient;
beforeAll(async () => {
  db = await createTestDatabase();
  p = db.prisma;
});
afterAll(async () => db.cleanup());
beforeEach(async () => truncateAll(p));

const lowBalance = {
  availablePt: "900",
  thresholdPt: "1000",
  ptPerUsd: "1000",
  url: "https://app.test/billing",
  settingsUrl: "https://app.test/account/chat#low-balance",
};

async function user(name: string) {
  const u = await createUser(p);
  await p.user.update({ where: { id: u.id }, data: { name } });
  return { ...u, name };
}

/** One mail through the one SQL writer, as the settle statement's CTEs call it. */
async function viaSql(
  template: EmailTemplate,
  to: { email: string; id: string | null },
  data: Record<string, unknown>,
  key: string,
  category?: "usage" | "billing" | "account",
) {
  const mails = Prisma.sql`SELECT ${to.email}::text AS to_address, ${to.id}::uuid AS user_id,
    ${key}::text AS dedupe_key, ${JSON.stringify(data)}::jsonb AS data, now() AS at`;
  return p.$executeRaw`WITH w AS (${emailOutboxSql(template, mails, { category })} RETURNING id) SELECT 1`;
}

const rowOf = (key: string) =>
  p.emailOutbox.findUniqueOrThrow({
    where: { dedupeKey: key },
    select: {
      to: true,
      template: true,
      category: true,
      data: true,
      userId: true,
      status: true,
      attempts: true,
      nextAttemptAt: true,
      createdAt: true,
    },
  });

describe("one SQL outbox writer, the same as enqueueEmail", () => {
  it("writes the same row as enqueueEmail, and each path's dedupe key stops the other", async () => {
    const ada = await user("Ada");
    await enqueueEmail(p, {
      to: ada.email,
      template: "low-balance",
      data: { ...lowBalance, name: "Ada" },
      userId: ada.id,
      dedupeKey: "js",
    });
    await viaSql("low-balance", ada, { ...lowBalance, name: "Ada" }, "sql");
    const statement = enqueueEmailSql({
      cte: "mail",
      userIdSql: Prisma.sql`${ada.id}`,
      when: Prisma.sql`true`,
      template: "low-balance",
      data: lowBalance,
      dedupeKey: "wrapped",
    });
    await p.$executeRaw`WITH ${statement} SELECT 1`;
    const [js, sql, wrapped] = await Promise.all([rowOf("js"), rowOf("sql"), rowOf("wrapped")]);
    for (const other of [sql, wrapped]) {
      const { nextAttemptAt, createdAt, ...rest } = other;
      const { nextAttemptAt: jsNext, createdAt: jsCreated, ...jsRest } = js;
      expect(rest).toEqual(jsRest);
      expect(rest.category).toBe("usage");
      expect(Math.abs(nextAttemptAt.getTime() - jsNext.getTime())).toBeLessThan(60_000);
      expect(Math.abs(createdAt.getTime() - jsCreated.getTime())).toBeLessThan(60_000);
    }

    // Repeats on each key, through the other path, write nothing.
    await viaSql("low-balance", ada, lowBalance, "js");
    const again = await enqueueEmail(p, {
      to: ada.email,
      template: "low-balance",
      data: { ...lowBalance, name: "Ada" },
      userId: ada.id,
      dedupeKey: "sql",
    });
    expect(again.created).toBe(false);
    await p.$executeRaw`WITH ${statement} SELECT 1`;
    expect(await p.emailOutbox.count()).toBe(3);
  });

  it("honours a category override and never writes unsubscribable mail without a user", async () => {
    const ada = await user("Ada");
    const notice = { subject: "Budget", paragraphs: ["Heads up."], name: "Ada" };
    await enqueueEmail(p, {
      to: ada.email,
      template: "notice",
      data: notice,
      userId: ada.id,
      category: "usage",
      dedupeKey: "js",
    });
    await viaSql("notice", ada, notice, "sql", "usage");
    expect((await rowOf("js")).category).toBe("usage");
    expect((await rowOf("sql")).category).toBe("usage");
    // The template's own category (account, essential) without an override, on both paths.
    await enqueueEmail(p, { to: ada.email, template: "notice", data: notice, dedupeKey: "js2" });
    await viaSql("notice", { email: ada.email, id: null }, notice, "sql2");
    expect((await rowOf("js2")).category).toBe("account");
    expect((await rowOf("sql2")).category).toBe("account");

    await expect(
      enqueueEmail(p, {
        to: ada.email,
        template: "low-balance",
        data: { ...lowBalance, name: "Ada" },
        dedupeKey: "js3",
      }),
    ).rejects.toBeInstanceOf(EmailDataError);
    await viaSql("low-balance", { email: ada.email, id: null }, { ...lowBalance, name: "Ada" }, "sql3");
    expect(await p.emailOutbox.count({ where: { dedupeKey: { in: ["js3", "sql3"] } } })).toBe(0);
  });

  it("delivers both rows alike: brand, subject, List-Unsubscribe; an opt-out skips both", async () => {
    const ada = await user("Ada");
    await enqueueEmail(p, {
      to: ada.email,
      template: "low-balance",
      data: { ...lowBalance, name: "Ada" },
      userId: ada.id,
      dedupeKey: "js",
    });
    await viaSql("low-balance", ada, { ...lowBalance, name: "Ada" }, "sql");
    const provider = createFakeEmailProvider();
    expect(await processOutbox(p, { provider })).toMatchObject({ sent: 2 });
    const [a, b] = provider.calls;
    expect(a && b).toBeTruthy();
    if (!a || !b) return;
    expect(b.subject).toBe(a.subject);
    expect(b.from).toBe(a.from);
    expect(Object.keys(b.headers).sort()).toEqual(Object.keys(a.headers).sort());
    expect(a.headers["List-Unsubscribe"]).toMatch(/unsubscribe/);
    expect(b.headers["List-Unsubscribe-Post"]).toBe("List-Unsubscribe=One-Click");
    const strip = (s: string) => s.replace(/token=[^"&\s>]+/g, "token=T").replace(/[0-9a-f-]{36}/g, "ID");
    expect(strip(b.text)).toBe(strip(a.text));

    await p.emailOptOut.create({ data: { userId: ada.id, category: "usage", source: "settings" } });
    await enqueueEmail(p, {
      to: ada.email,
      template: "low-balance",
      data: { ...lowBalance, name: "Ada" },
      userId: ada.id,
      dedupeKey: "js4",
    });
    await viaSql("low-balance", ada, { ...lowBalance, name: "Ada" }, "sql4");
    expect(await processOutbox(p, { provider })).toMatchObject({ sent: 0, skipped: 2 });
  });

  it("is the only SQL writer: no other module inserts into EmailOutbox", () => {
    const root = join(__dirname, "..", "..");
    const writers: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (name === "generated" || name === "node_modules") continue;
        if (statSync(path).isDirectory()) walk(path);
        else if (/\.tsx?$/.test(name) && /INSERT\s+INTO\s+"EmailOutbox"/i.test(readFileSync(path, "utf8")))
          writers.push(relative(root, path));
      }
    };
    walk(join(root, "lib"));
    walk(join(root, "app"));
    expect(writers).toEqual(["lib/email/outbox-sql.ts"]);
  });
});
