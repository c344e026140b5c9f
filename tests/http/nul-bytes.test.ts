// NUL characters (U+0000) in any string a client sends — JSON bodies, query strings, path params —
// answer 400 bad_request from the wrapper and change nothing. Postgres cannot store U+0000 in text,
// so before the wrapper refused them each of these reached the database and answered 500.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { GET as getAccount, PATCH as patchAccount } from "@/app/api/account/route";
import { GET as auditList } from "@/app/api/admin/audit/route";
import { POST as rejectDispute } from "@/app/api/admin/disputes/[id]/reject/route";
import { GET as priceList } from "@/app/api/admin/prices/route";
import { GET as userList } from "@/app/api/admin/users/route";
import { POST as replayWebhook } from "@/app/api/admin/webhooks/[id]/replay/route";
import { GET as webhookDetail } from "@/app/api/admin/webhooks/[id]/route";
import { GET as webhookList } from "@/app/api/admin/webhooks/route";
import { POST as chat } from "@/app/api/chat/route";
import { PATCH as renameConversation } from "@/app/api/conversations/[id]/route";
import { GET as conversationList } from "@/app/api/conversations/route";
import { POST as estimate } from "@/app/api/pt/estimate/route";
import { resetRateLimiterForTests } from "@/lib/ratelimit/limiter";
import { createUser, installAppDb, sessionCookie, setupAuthEnv } from "@/tests/auth/helpers";
import { createTestDatabase, type TestDatabase } from "@/tests/helpers/db";

type Handler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;

let db: TestDatabase;
let userCookie = "";
let adminCookie = "";
let conversationId = "";
const NUL = "\u0000";
const SOME_ID = "00000000-0000-4000-8000-000000000001";

beforeAll(async () => {
  setupAuthEnv();
  db = await createTestDatabase();
  installAppDb(db.prisma);
  const user = await createUser(db.prisma, { email: "nul-user@example.com" });
  await db.prisma.user.update({ where: { id: user.id }, data: { name: "Before" } });
  userCookie = (await sessionCookie(db.prisma, user.id)).cookie;
  const admin = await createUser(db.prisma, { role: "ADMIN" });
  await db.prisma.user.update({ where: { id: admin.id }, data: { twoFactorEnabledAt: new Date() } });
  adminCookie = (await sessionCookie(db.prisma, admin.id)).cookie;
  const conversation = await db.prisma.conversation.create({
    data: { userId: user.id, title: "Kept", model: "demo" },
  });
  conversationId = conversation.id;
});
afterAll(async () => db?.cleanup());
beforeEach(() => resetRateLimiterForTests());

type Case = {
  name: string;
  handler: Handler;
  as: "user" | "admin";
  method?: string;
  query?: string;
  body?: unknown;
  params?: () => Record<string, string>;
};

const CASES: Case[] = [
  // Bodies.
  {
    name: "PATCH /api/account name",
    handler: patchAccount,
    as: "user",
    method: "PATCH",
    body: { name: `a${NUL}b` },
  },
  {
    name: "POST /api/chat message",
    handler: chat,
    as: "user",
    method: "POST",
    body: { model: "demo", message: `hi${NUL}` },
  },
  {
    name: "PATCH /api/conversations/:id title",
    handler: renameConversation,
    as: "user",
    method: "PATCH",
    body: { title: `t${NUL}` },
    params: () => ({ id: conversationId }),
  },
  {
    name: "POST /api/pt/estimate model",
    handler: estimate,
    as: "user",
    method: "POST",
    body: { model: `demo${NUL}`, messages: [{ role: "user", content: "hi" }] },
  },
  {
    name: "POST /api/admin/disputes/:id/reject note",
    handler: rejectDispute,
    as: "admin",
    method: "POST",
    body: { note: `no${NUL}` },
    params: () => ({ id: SOME_ID }),
  },
  {
    name: "a NUL in a key, nested deep in the body",
    handler: patchAccount,
    as: "user",
    method: "PATCH",
    body: { name: "ok", extra: [{ deeper: { [`k${NUL}`]: 1 } }] },
  },
  // Query strings.
  { name: "GET /api/conversations?q=", handler: conversationList, as: "user", query: "q=%00" },
  { name: "GET /api/admin/audit?action=", handler: auditList, as: "admin", query: "action=%00" },
  { name: "GET /api/admin/audit?targetId=", handler: auditList, as: "admin", query: "targetId=a%00" },
  { name: "GET /api/admin/prices?model=", handler: priceList, as: "admin", query: "model=%00" },
  { name: "GET /api/admin/users?q=", handler: userList, as: "admin", query: "q=x%00" },
  { name: "GET /api/admin/webhooks?type=", handler: webhookList, as: "admin", query: "type=%00" },
  { name: "GET /api/admin/webhooks?cursor=", handler: webhookList, as: "admin", query: "cursor=%00" },
  { name: "a NUL in a query key the route does not read", handler: getAccount, as: "user", query: "x%00=1" },
  // Path params (Next hands them to the route decoded).
  { name: "GET /api/admin/webhooks/%00", handler: webhookDetail, as: "admin", params: () => ({ id: NUL }) },
  {
    name: "POST /api/admin/webhooks/%00/replay",
    handler: replayWebhook,
    as: "admin",
    method: "POST",
    params: () => ({ id: NUL }),
  },
];

describe("NUL characters are refused where strings enter", () => {
  it.each(CASES.map((c) => [c.name, c] as const))("%s → 400", async (_name, c) => {
    const headers: Record<string, string> = { cookie: c.as === "admin" ? adminCookie : userCookie };
    if (c.body !== undefined) headers["content-type"] = "application/json";
    const request = new Request(`http://app.test/api/x${c.query ? `?${c.query}` : ""}`, {
      method: c.method ?? "GET",
      headers,
      body: c.body === undefined ? undefined : JSON.stringify(c.body),
    });
    const response = await c.handler(request, { params: Promise.resolve(c.params?.() ?? {}) });
    expect(response.status).toBe(400);
    const json = (await response.json()) as { error: { code: string; message: string } };
    expect(json.error.code).toBe("bad_request");
    expect(json.error.message).toMatch(/NUL/);
  });

  it("changed nothing", async () => {
    const user = await db.prisma.user.findUniqueOrThrow({ where: { email: "nul-user@example.com" } });
    expect(user.name).toBe("Before");
    const conversation = await db.prisma.conversation.findUniqueOrThrow({ where: { id: conversationId } });
    expect(conversation.title).toBe("Kept");
    expect(await db.prisma.message.count()).toBe(0);
  });

  it("a body nested deeper than the limit is a 400 (no walk of attacker-chosen depth)", async () => {
    const deep = `${"[".repeat(1_000)}${"]".repeat(1_000)}`;
    const response = await patchAccount(
      new Request("http://app.test/api/account", {
        method: "PATCH",
        headers: { cookie: userCookie, "content-type": "application/json" },
        body: `{"name":"ok","x":${deep}}`,
      }),
      { params: Promise.resolve({}) },
    );
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe("bad_request");
  });
});
