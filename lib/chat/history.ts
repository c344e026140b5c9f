// Saving a chat turn as it happens, and the history a model sees. The user message and the
// assistant placeholder (status "streaming", carrying the hold) are written before the first
// token, so a crash mid-stream leaves a row the settlement or the sweeper can find.
import { randomUUID } from "node:crypto";
import type { ModelMessage } from "ai";
import type { Owner } from "@/lib/chat/owner";
import { ownerWhere } from "@/lib/chat/owner";
import { titleFromMessage } from "@/lib/chat/titles";
import type { Db } from "@/lib/chat/types";
import { AppError } from "@/lib/errors";

/** How many earlier messages a model sees (bounds the prompt, and so the hold). */
export const HISTORY_MESSAGES = 20;

/** The owner's conversation as model messages, oldest first; 404 when it is not theirs. */
export async function loadHistory(db: Db, owner: Owner, conversationId: string): Promise<ModelMessage[]> {
  const conversation = await db.conversation.findFirst({
    where: { id: conversationId, ...ownerWhere(owner), deletedAt: null },
    select: { id: true },
  });
  if (!conversation) throw new AppError("not_found", "Conversation not found.");
  const rows = await db.message.findMany({
    where: { conversationId, status: { not: "streaming" }, content: { not: "" } },
    orderBy: [{ createdAt: "desc" }, { role: "desc" }],
    take: HISTORY_MESSAGES,
    select: { role: true, content: true },
  });
  return rows.reverse().map((r) => ({ role: r.role, content: r.content }));
}

export type TurnInput = {
  /** An existing conversation of the owner's; when absent one is created (with newConversationId). */
  conversationId?: string;
  newConversationId?: string;
  model: string;
  message: string;
  messageId: string;
  holdId: string;
  ptReserved: bigint;
};

/**
 * Writes the user message and the streaming assistant message, creating the conversation if new.
 * One SQL statement either way (no interactive transaction on the hot path): the messages are
 * inserted from the conversation row the same statement created or, for an existing one, touched
 * under its owner filter, so a foreign or deleted conversation inserts nothing (→ 404).
 */
export async function appendTurn(db: Db, owner: Owner, turn: TurnInput): Promise<string> {
  const at = new Date();
  const later = new Date(at.getTime() + 1);
  const userId = owner.kind === "user" ? owner.userId : null;
  const guestId = owner.kind === "guest" ? owner.guestId : null;
  const userMessageId = randomUUID();
  if (!turn.conversationId) {
    const conversationId = turn.newConversationId ?? randomUUID();
    await db.$executeRaw`
      WITH c AS (
        INSERT INTO "Conversation" (id, "userId", "guestId", title, model, "createdAt", "updatedAt")
        VALUES (${conversationId}::uuid, ${userId}::uuid, ${guestId}::uuid, ${titleFromMessage(turn.message)},
                ${turn.model}, ${at}, ${at})
        RETURNING id)
      INSERT INTO "Message" (id, "conversationId", role, content, model, status, "holdId", "ptReserved", "createdAt")
      SELECT m.id, c.id, m.role, m.content, m.model, m.status, m."holdId", m."ptReserved", m."createdAt" FROM c,
        (VALUES (${userMessageId}::uuid, 'user'::"MessageRole", ${turn.message}, NULL::text,
                 'complete'::"MessageStatus", NULL::uuid, NULL::bigint, ${at}::timestamptz),
                (${turn.messageId}::uuid, 'assistant'::"MessageRole", '', ${turn.model}::text,
                 'streaming'::"MessageStatus", ${turn.holdId}::uuid, ${turn.ptReserved}::bigint, ${later}::timestamptz))
        AS m(id, role, content, model, status, "holdId", "ptReserved", "createdAt")`;
    return conversationId;
  }
  const inserted = await db.$executeRaw`
    WITH c AS (
      UPDATE "Conversation" SET "updatedAt" = ${at}, model = ${turn.model}
      WHERE id = ${turn.conversationId}::uuid AND "deletedAt" IS NULL
        AND (CASE WHEN ${userId}::uuid IS NOT NULL THEN "userId" = ${userId}::uuid
                  ELSE "guestId" = ${guestId}::uuid AND "userId" IS NULL END)
      RETURNING id)
    INSERT INTO "Message" (id, "conversationId", role, content, model, status, "holdId", "ptReserved", "createdAt")
    SELECT m.id, c.id, m.role, m.content, m.model, m.status, m."holdId", m."ptReserved", m."createdAt" FROM c,
      (VALUES (${userMessageId}::uuid, 'user'::"MessageRole", ${turn.message}, NULL::text,
               'complete'::"MessageStatus", NULL::uuid, NULL::bigint, ${at}::timestamptz),
              (${turn.messageId}::uuid, 'assistant'::"MessageRole", '', ${turn.model}::text,
               'streaming'::"MessageStatus", ${turn.holdId}::uuid, ${turn.ptReserved}::bigint, ${later}::timestamptz))
      AS m(id, role, content, model, status, "holdId", "ptReserved", "createdAt")`;
  if (inserted === 0) throw new AppError("not_found", "Conversation not found.");
  return turn.conversationId;
}
