// Regenerate and edit-and-resend (POST /api/chat with action "regenerate" / "edit") on a real
// database and the fake provider: each is a new metered turn with its own hold, charged exactly
// once; nothing is stored twice (a regenerate saves no second copy of the user message); the
// replaced messages leave the conversation's view and the model's history but keep their charges;
// a refused turn (402, 404, 422) changes nothing. The caller is a real session cookie on the test
// database installed as the app's.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as chatPOST } from "@/app/api/chat/route";
import { getConversation } from "@/lib/chat/conversations";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { getBalance } from "@/lib/ledger/accounts";
import { checkLedgerInvariants } from "@/lib/ledger/invariants";
import { installAppDb, sessionCookie } from "@/tests/auth/helpers";
import type { FakeProvider } from "@/tests/fakes/openai-compatible-server";
import { DEFAULT_FAKE_CONTENT, startFakeProvider } from "@/tests/fakes/openai-compatible-server";
import { createTestDatabase, type TestDatabase } from "@/tests/helpers/db";
import { caller, chatRequest, createUser, ctx, grant, readAll, wireFakeProvider } from "./helpers";

describe("regenerate and edit-and-resend", () => {
  let db: TestDatabase;
  let p: PrismaClient;
  let fake: FakeProvider;

  beforeAll(async () => {
    db = await createTestDatabase();
    p = db.prisma;
    installAppDb(p);
    fake = await startFakeProvider();
    await wireFakeProvider(p, fake);
  });
  afterAll(async () => {
    await fake.close();
    await db.cleanup();
  });

  async function newUser(pt = 100_000n, plan: "free" | "pro" = "free") {
    const userId = await createUser(p, { plan });
    await grant(p, { kind: "user", userId }, pt);
    caller.cookie = (await sessionCookie(p, userId)).cookie;
    return userId;
  }

  /** One turn to completion: its conversation, reply id and charge. */
  async function turn(body: Record<string, unknown>) {
    const response = await chatPOST(chatRequest({ model: "fake-model", ...body }), ctx());
    expect(response.status).toBe(200);
    const { chunks, text, last } = await readAll(response);
    const start = chunks[0];
    const meta = last?.type === "finish" ? last.messageMetadata : undefined;
    return {
      conversationId: start?.type === "start" ? (start.messageMetadata?.conversationId as string) : "",
      replyId: start?.type === "start" ? (start.messageId as string) : "",
      charged: BigInt(meta?.ptCharged ?? "NaN"),
      text,
    };
  }

  /** What the model was sent on its last call, as role: text lines. */
  function lastPrompt(): string[] {
    return (fake.requests.at(-1)?.messages ?? []).map((m) => `${m.role}: ${String(m.content)}`);
  }

  async function rowsOf(conversationId: string) {
    return p.message.findMany({
      where: { conversationId },
      orderBy: [{ createdAt: "asc" }, { role: "asc" }],
      select: { id: true, role: true, content: true, ptCharged: true, supersededAt: true, holdId: true },
    });
  }

  it("regenerate answers the last message again as a new metered turn, storing no second user message", async () => {
    const userId = await newUser();
    const account = { kind: "user" as const, userId };
    const first = await turn({ message: "Name three ledgers" });
    const again = await turn({ conversationId: first.conversationId, action: "regenerate" });
    expect(again.text).toBe(DEFAULT_FAKE_CONTENT);
    expect(again.conversationId).toBe(first.conversationId);
    expect(again.replyId).not.toBe(first.replyId);
    // The model saw the question only, not the reply being replaced.
    expect(lastPrompt()).toEqual(["user: Name three ledgers"]);

    const rows = await rowsOf(first.conversationId);
    expect(rows.map((r) => r.role)).toEqual(["user", "assistant", "assistant"]);
    expect(rows[1]).toMatchObject({ id: first.replyId, ptCharged: first.charged });
    expect(rows[1]?.supersededAt).toBeInstanceOf(Date);
    expect(rows[2]).toMatchObject({ id: again.replyId, ptCharged: again.charged, supersededAt: null });
    expect(rows[0]?.supersededAt).toBeNull();

    // Each turn charged exactly once: the balance fell by both charges, each hold settled once.
    const balance = await getBalance(p, account);
    expect(balance.available).toBe(100_000n - first.charged - again.charged);
    expect(balance.pending).toBe(0n);
    const holdIds = rows.flatMap((r) => (r.holdId ? [r.holdId] : []));
    const holds = await p.ledgerHold.findMany({ where: { id: { in: holdIds } } });
    expect(holds.map((h) => h.status)).toEqual(["settled", "settled"]);

    // The conversation shows the question and the new reply only.
    const view = await getConversation(p, account, first.conversationId);
    expect(view.messages.map((m) => m.id)).toEqual([rows[0]?.id, again.replyId]);
    expect(await checkLedgerInvariants(p)).toEqual([]);
  });

  it("edit replaces the last message and its reply, and the model sees only the edited one", async () => {
    const userId = await newUser();
    const account = { kind: "user" as const, userId };
    const first = await turn({ message: "What is a hold?" });
    const second = await turn({ conversationId: first.conversationId, message: "And a settle?" });
    const edited = await turn({
      conversationId: first.conversationId,
      action: "edit",
      message: "And a void?",
    });
    expect(lastPrompt()).toEqual([
      "user: What is a hold?",
      `assistant: ${DEFAULT_FAKE_CONTENT}`,
      "user: And a void?",
    ]);
    const view = await getConversation(p, account, first.conversationId);
    expect(view.messages.map((m) => m.content)).toEqual([
      "What is a hold?",
      DEFAULT_FAKE_CONTENT,
      "And a void?",
      DEFAULT_FAKE_CONTENT,
    ]);
    const rows = await rowsOf(first.conversationId);
    expect(rows.filter((r) => r.supersededAt !== null).map((r) => r.content)).toEqual([
      "And a settle?",
      DEFAULT_FAKE_CONTENT,
    ]);
    expect(rows.find((r) => r.id === second.replyId)?.ptCharged).toBe(second.charged);
    const balance = await getBalance(p, account);
    expect(balance.available).toBe(100_000n - first.charged - second.charged - edited.charged);
    expect(await checkLedgerInvariants(p)).toEqual([]);
  });

  it("a refused regenerate or edit changes nothing: 402 short of PT, 404 on another's chat, 422 on a bad body", async () => {
    const userId = await newUser(2_000n);
    const account = { kind: "user" as const, userId };
    const first = await turn({ message: "Hi", maxOutputTokens: 50 });
    const before = await rowsOf(first.conversationId);
    const balance = await getBalance(p, account);

    // The worst case of 4,000 output tokens (8,000 PT) is more than is left.
    const short = await chatPOST(
      chatRequest({
        model: "fake-model",
        conversationId: first.conversationId,
        action: "regenerate",
        maxOutputTokens: 4_000,
      }),
      ctx(),
    );
    expect(short.status).toBe(402);
    const shortEdit = await chatPOST(
      chatRequest({
        model: "fake-model",
        conversationId: first.conversationId,
        action: "edit",
        message: "Hello",
        maxOutputTokens: 4_000,
      }),
      ctx(),
    );
    expect(shortEdit.status).toBe(402);

    const bad = [
      { action: "regenerate" },
      { action: "regenerate", conversationId: first.conversationId, message: "extra" },
      { action: "edit", conversationId: first.conversationId },
      { action: "rewrite", conversationId: first.conversationId, message: "x" },
    ];
    for (const body of bad) {
      const response = await chatPOST(chatRequest({ model: "fake-model", ...body }), ctx());
      expect(response.status).toBe(422);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe("validation_failed");
    }

    await newUser();
    const foreign = await chatPOST(
      chatRequest({ model: "fake-model", conversationId: first.conversationId, action: "regenerate" }),
      ctx(),
    );
    expect(foreign.status).toBe(404);

    expect(await rowsOf(first.conversationId)).toEqual(before);
    expect(await getBalance(p, account)).toEqual(balance);
    expect(await checkLedgerInvariants(p)).toEqual([]);
  });

  it("switching model mid-conversation: each reply is run and priced by its own model", async () => {
    await newUser();
    const first = await turn({ message: "Hello there" });
    const second = await turn({
      conversationId: first.conversationId,
      model: "fake-nousage",
      message: "Go on",
    });
    expect(fake.requests.at(-1)?.model).toBe("fake-nousage");
    const again = await turn({
      conversationId: first.conversationId,
      model: "fake-model",
      action: "regenerate",
    });
    expect(fake.requests.at(-1)?.model).toBe("fake-model");
    const replies = await p.message.findMany({
      where: { id: { in: [first.replyId, second.replyId, again.replyId] } },
      select: { id: true, model: true },
    });
    expect(Object.fromEntries(replies.map((r) => [r.id, r.model]))).toEqual({
      [first.replyId]: "fake-model",
      [second.replyId]: "fake-nousage",
      [again.replyId]: "fake-model",
    });
    const conversation = await p.conversation.findUniqueOrThrow({ where: { id: first.conversationId } });
    expect(conversation.model).toBe("fake-model");
  });

  it("parallel regenerates of one reply are each charged exactly once, and the balance equals the charges", async () => {
    const userId = await newUser(100_000n, "pro");
    const account = { kind: "user" as const, userId };
    const first = await turn({ message: "Count to three" });
    const results = await Promise.all(
      [1, 2, 3].map(() => turn({ conversationId: first.conversationId, action: "regenerate" })),
    );
    const rows = await rowsOf(first.conversationId);
    expect(rows.filter((r) => r.role === "user")).toHaveLength(1);
    const replies = rows.filter((r) => r.role === "assistant");
    expect(replies).toHaveLength(4);
    const charged = [first, ...results].reduce((sum, r) => sum + r.charged, 0n);
    expect(replies.reduce((sum, r) => sum + (r.ptCharged ?? 0n), 0n)).toBe(charged);
    const balance = await getBalance(p, account);
    expect(balance.available).toBe(100_000n - charged);
    expect(balance.pending).toBe(0n);
    // The ledger posted exactly one usage transaction per reply (keyed by its hold).
    const usage = await p.$queryRaw<{ messageId: string }[]>`
      SELECT metadata->>'messageId' AS "messageId" FROM "LedgerTransaction"
      WHERE kind = 'usage' AND metadata->>'messageId' = ANY(${replies.map((r) => r.id)})`;
    expect(usage.map((u) => u.messageId).sort()).toEqual(replies.map((r) => r.id).sort());
    expect(await checkLedgerInvariants(p)).toEqual([]);
  });
});
