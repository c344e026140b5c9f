// Saving a chat turn as it happens, and the history a model sees. The user message and the
// assistant placeholder (status "streaming", carrying the hold) are written with the hold, in the
// admission statement, before the first token: a crash mid-stream leaves a row the settlement or
// the sweeper can find, and a refused turn leaves none.
import { randomUUID } from "node:crypto";
import type { ModelMessage } from "ai";
import type { Owner } from "@/lib/chat/owner";
import { ownerWhere } from "@/lib/chat/owner";
import { titleFromMessage } from "@/lib/chat/titles";
import type { Db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { Prisma } from "@/lib/generated/prisma/client";

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
  newConversationId: string;
  model: string;
  message: string;
  messageId: string;
  at: Date;
};

/**
 * The turn's writes as CTE definitions for the admission statement (admit.ts), gated on the hold
 * that statement placed (`placed`: id, amount): the user message and the streaming assistant
 * message carrying the hold, in a conversation created here or, for an existing one, touched under
 * its owner filter. No hold, no turn; a foreign or deleted conversation inserts nothing, and
 * `turn_messages` (the rows written) comes back empty.
 */
export function turnCtes(owner: Owner, turn: TurnInput): Prisma.Sql {
  const later = new Date(turn.at.getTime() + 1);
  const userId = owner.kind === "user" ? owner.userId : null;
  const guestId = owner.kind === "guest" ? owner.guestId : null;
  const conversation = turn.conversationId
    ? Prisma.sql`
        UPDATE "Conversation" SET "updatedAt" = ${turn.at}, model = ${turn.model}
        WHERE id = ${turn.conversationId}::uuid AND "deletedAt" IS NULL AND EXISTS (SELECT 1 FROM placed)
          AND (CASE WHEN ${userId}::uuid IS NOT NULL THEN "userId" = ${userId}::uuid
                    ELSE "guestId" = ${guestId}::uuid AND "userId" IS NULL END)
        RETURNING id`
    : Prisma.sql`
        INSERT INTO "Conversation" (id, "userId", "guestId", title, model, "createdAt", "updatedAt")
        SELECT ${turn.newConversationId}::uuid, ${userId}::uuid, ${guestId}::uuid,
               ${titleFromMessage(turn.message)}, ${turn.model}, ${turn.at}, ${turn.at}
        FROM placed
        RETURNING id`;
  return Prisma.sql`
    turn_conversation AS (${conversation}),
    turn_messages AS (
      INSERT INTO "Message" (id, "conversationId", role, content, model, status, "holdId", "ptReserved", "createdAt")
      SELECT m.id, c.id, m.role, m.content, m.model, m.status,
             CASE WHEN m.role = 'assistant' THEN p.id END, CASE WHEN m.role = 'assistant' THEN p.amount END,
             m."createdAt"
      FROM turn_conversation c, placed p,
        (VALUES (${randomUUID()}::uuid, 'user'::"MessageRole", ${turn.message}, NULL::text,
                 'complete'::"MessageStatus", ${turn.at}::timestamptz),
                (${turn.messageId}::uuid, 'assistant'::"MessageRole", '', ${turn.model}::text,
                 'streaming'::"MessageStatus", ${later}::timestamptz))
        AS m(id, role, content, model, status, "createdAt")
      RETURNING id)`;
}
