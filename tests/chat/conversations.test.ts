// Conversation history routes, the models catalog, and the guest journey: a guest chats on trial
// PT until it runs out, is asked to sign up, signs up and keeps the conversation.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { onGuestConverted } from "@/lib/auth/guest-credits";
import { createGuest } from "@/lib/auth/guests";
import { adoptGuestConversations } from "@/lib/chat/conversations";
import { registerGuestAdoption } from "@/lib/chat/guest-adoption";
import { titleFromMessage } from "@/lib/chat/titles";
import type { DbClient } from "@/lib/db";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { getBalance } from "@/lib/ledger/accounts";
import { clawback } from "@/lib/ledger/clawback";
import { checkLedgerInvariants } from "@/lib/ledger/invariants";
import type { FakeProvider } from "@/tests/fakes/openai-compatible-server";
import { startFakeProvider } from "@/tests/fakes/openai-compatible-server";
import { createTestDatabase, type TestDatabase } from "@/tests/helpers/db";
import { chatRequest, createUser, ctx, grant, readAll, wireFakeProvider } from "./helpers";

const state = vi.hoisted(() => ({
  principal: null as null | { kind: "user"; userId: string } | { kind: "guest"; guestId: string },
  prisma: null as unknown,
}));
vi.mock("@/lib/auth/principal", () => ({
  resolveUser: async () =>
    state.principal?.kind === "user"
      ? { role: "USER", status: "active", twoFactorEnabled: false, emailVerified: true, ...state.principal }
      : null,
  resolveGuest: async () => (state.principal?.kind === "guest" ? state.principal : null),
}));
vi.mock("@/lib/db", async (importOriginal) => ({
  ...(await importOriginal<object>()),
  getDb: async () => state.prisma,
}));

const { POST: chatPOST } = await import("@/app/api/chat/route");
const { GET: listGET } = await import("@/app/api/conversations/route");
const conversationRoute = await import("@/app/api/conversations/[id]/route");
const { GET: modelsGET } = await import("@/app/api/models/route");

const get = (path: string) => new Request(`http://localhost${path}`);
const send = (method: string, path: string, body?: unknown) =>
  new Request(`http://localhost${path}`, {
    method,
    headers: { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });

describe("conversations, models and the guest journey", () => {
  let db: TestDatabase;
  let p: PrismaClient;
  let fake: FakeProvider;

  beforeAll(async () => {
    db = await createTestDatabase();
    p = db.prisma;
    state.prisma = p;
    fake = await startFakeProvider();
    await wireFakeProvider(p, fake);
  });
  afterAll(async () => {
    await fake.close();
    await db.cleanup();
  });

  it("titles come from the first words, with no model call", () => {
    expect(titleFromMessage("  how do **holds** work in a double-entry ledger with many streams?")).toBe(
      "How do holds work in a double-entry ledger…",
    );
    expect(titleFromMessage("```js\nx\n```")).toBe("New chat");
  });

  it("lists newest first with a cursor and title search; renames; soft-deletes; 404 for others", async () => {
    const alice = await createUser(p);
    await grant(p, { kind: "user", userId: alice }, 1_000_000n);
    state.principal = { kind: "user", userId: alice };
    const ids: string[] = [];
    for (const topic of ["apples are red", "bananas are yellow", "cherries are dark", "apple pie recipe"]) {
      const { chunks } = await readAll(await chatPOST(chatRequest({ model: "demo", message: topic }), ctx()));
      const start = chunks[0];
      ids.push(start?.type === "start" ? (start.messageMetadata?.conversationId as string) : "");
    }
    const page1 = (await (await listGET(get("/api/conversations?limit=3"), ctx())).json()) as {
      items: { id: string; title: string }[];
      nextCursor: string | null;
    };
    expect(page1.items.map((c) => c.id)).toEqual([ids[3], ids[2], ids[1]]);
    expect(page1.nextCursor).toBeTruthy();
    const page2 = (await (
      await listGET(get(`/api/conversations?limit=3&cursor=${page1.nextCursor}`), ctx())
    ).json()) as { items: { id: string }[]; nextCursor: string | null };
    expect(page2.items.map((c) => c.id)).toEqual([ids[0]]);
    expect(page2.nextCursor).toBeNull();
    const search = (await (await listGET(get("/api/conversations?q=APPLE"), ctx())).json()) as {
      items: { title: string }[];
    };
    expect(search.items.map((c) => c.title)).toEqual(["Apple pie recipe", "Apples are red"]);

    const id = ids[0] as string;
    const detail = (await (
      await conversationRoute.GET(get(`/api/conversations/${id}`), ctx({ id }))
    ).json()) as {
      messages: { role: string; content: string; ptCharged: string | null }[];
    };
    expect(detail.messages.map((m) => m.role)).toEqual(["user", "assistant"]);
    expect(detail.messages[1]?.content).toContain("apples are red");
    expect(BigInt(detail.messages[1]?.ptCharged ?? "0")).toBeGreaterThan(0n);

    const renamed = await conversationRoute.PATCH(
      send("PATCH", `/api/conversations/${id}`, { title: "Fruit" }),
      ctx({ id }),
    );
    expect(await renamed.json()).toMatchObject({ conversation: { title: "Fruit" } });

    // Bob cannot read, rename, delete or continue Alice's conversation: 404 every time, no hold.
    const bob = await createUser(p);
    await grant(p, { kind: "user", userId: bob }, 1_000_000n);
    state.principal = { kind: "user", userId: bob };
    expect((await conversationRoute.GET(get(`/api/conversations/${id}`), ctx({ id }))).status).toBe(404);
    expect(
      (await conversationRoute.PATCH(send("PATCH", `/api/conversations/${id}`, { title: "x" }), ctx({ id })))
        .status,
    ).toBe(404);
    expect(
      (await conversationRoute.DELETE(send("DELETE", `/api/conversations/${id}`), ctx({ id }))).status,
    ).toBe(404);
    const holds = await p.ledgerHold.count();
    expect(
      (await chatPOST(chatRequest({ model: "demo", message: "hi", conversationId: id }), ctx())).status,
    ).toBe(404);
    expect(await p.ledgerHold.count()).toBe(holds);
    expect(
      (await conversationRoute.GET(get("/api/conversations/not-a-uuid"), ctx({ id: "not-a-uuid" }))).status,
    ).toBe(404);

    state.principal = { kind: "user", userId: alice };
    expect(
      (await conversationRoute.DELETE(send("DELETE", `/api/conversations/${id}`), ctx({ id }))).status,
    ).toBe(204);
    expect((await conversationRoute.GET(get(`/api/conversations/${id}`), ctx({ id }))).status).toBe(404);
    const after = (await (await listGET(get("/api/conversations"), ctx())).json()) as {
      items: { id: string }[];
    };
    expect(after.items.map((c) => c.id)).not.toContain(id);
  });

  it("lists priced models with locked ones marked and the plans that unlock them", async () => {
    state.principal = { kind: "user", userId: await createUser(p) };
    const body = (await (await modelsGET(get("/api/models"), ctx())).json()) as {
      plan: string;
      models: { id: string; locked: boolean; unlockPlans?: string[]; typicalMessagePt: string }[];
    };
    expect(body.plan).toBe("free");
    const byId = new Map(body.models.map((m) => [m.id, m]));
    expect(byId.get("demo")).toMatchObject({ locked: false });
    expect(byId.get("fake-pro")).toMatchObject({ locked: true, unlockPlans: ["pro", "max"] });
    expect(byId.has("fake-unpriced")).toBe(false);
    expect(BigInt(byId.get("fake-model")?.typicalMessagePt ?? "0")).toBe(200n + 2n * 400n);
  });

  it("a guest chats on trial PT, runs out, is asked to sign up, signs up and keeps the conversation", async () => {
    // A real guest (accounts' createGuest → onGuestCreated grants the trial); the test then spends
    // the trial down to 100 PT so it runs out within a few messages.
    const { guestId } = await createGuest(p as unknown as DbClient, { ip: "203.0.113.9" });
    state.principal = { kind: "guest", guestId };
    const trial = await getBalance(p, { kind: "guest", guestId });
    if (trial.available > 100n) {
      await clawback(p, {
        account: { kind: "guest", guestId },
        amount: trial.available - 100n,
        key: `test-trim:${guestId}`,
        kind: "refund",
      });
    }

    // A paid model needs an account; the demo model is open to guests.
    expect((await chatPOST(chatRequest({ model: "fake-model", message: "hi" }), ctx())).status).toBe(403);
    const first = await readAll(
      await chatPOST(chatRequest({ model: "demo", message: "What is PT?" }), ctx()),
    );
    const start = first.chunks[0];
    const conversationId = start?.type === "start" ? (start.messageMetadata?.conversationId as string) : "";
    expect(conversationId).toMatch(/^[0-9a-f-]{36}$/);

    let refused: Response | undefined;
    for (let i = 0; i < 20 && !refused; i++) {
      const r = await chatPOST(chatRequest({ model: "demo", message: `More ${i}`, conversationId }), ctx());
      if (r.status === 402) refused = r;
      else await readAll(r);
    }
    expect(refused?.status).toBe(402);
    const body = (await refused?.json()) as {
      error: { details: { upgrade: { kind: string; href: string }[] } };
    };
    expect(body.error.details.upgrade).toEqual([
      expect.objectContaining({ kind: "sign_up", href: "/sign-up" }),
    ]);

    // Sign-up: auth's onGuestConverted moves the guest's PT, and chat's registered hook its conversations.
    registerGuestAdoption();
    const userId = await createUser(p);
    expect(await onGuestConverted(p, { guestId, userId })).toBe(true);
    await grant(p, { kind: "user", userId }, 50_000n);
    expect(await adoptGuestConversations(p, { guestId, userId })).toEqual({ moved: 0 });

    state.principal = { kind: "user", userId };
    const list = (await (await listGET(get("/api/conversations"), ctx())).json()) as {
      items: { id: string }[];
    };
    expect(list.items.map((c) => c.id)).toEqual([conversationId]);
    const next = await chatPOST(
      chatRequest({ model: "demo", message: "Thanks, go on", conversationId }),
      ctx(),
    );
    expect(next.status).toBe(200);
    await readAll(next);
    // The guest no longer sees it.
    state.principal = { kind: "guest", guestId };
    expect(
      (await conversationRoute.GET(get(`/api/conversations/${conversationId}`), ctx({ id: conversationId })))
        .status,
    ).toBe(404);
    expect((await getBalance(p, { kind: "guest", guestId })).available).toBe(0n);
    expect(await checkLedgerInvariants(p)).toEqual([]);
  });
});
