// Saving a chat turn as it happens, and the history a model sees. The user message and the
// assistant placeholder (status "streaming", carrying the hold) are written before the first
// token, so a crash mid-stream leaves a row the settlement or the sweeper can find.
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
  conversationId?: string;
  model: string;
  message: string;
  messageId: string;
  holdId: string;
  ptReserved: bigint;
};

/** Writes the user message and the streaming assistant message; creates the conversation if new. */
export async function appendTurn(db: Db, owner: Owner, turn: TurnInput): Promise<string> {
  const now = Date.now();
  const messages = [
    { role: "user" as const, content: turn.message, status: "complete" as const, createdAt: new Date(now) },
    {
      id: turn.messageId,
      role: "assistant" as const,
      content: "",
      model: turn.model,
      status: "streaming" as const,
      holdId: turn.holdId,
      ptReserved: turn.ptReserved,
      createdAt: new Date(now + 1),
    },
  ];
  if (!turn.conversationId) {
    const created = await db.conversation.create({
      data: {
        ...(owner.kind === "user" ? { userId: owner.userId } : { guestId: owner.guestId }),
        title: titleFromMessage(turn.message),
        model: turn.model,
        messages: { create: messages },
      },
      select: { id: true },
    });
    return created.id;
  }
  const { count } = await db.conversation.updateMany({
    where: { id: turn.conversationId, ...ownerWhere(owner), deletedAt: null },
    data: { updatedAt: new Date(now), model: turn.model },
  });
  if (count === 0) throw new AppError("not_found", "Conversation not found.");
  await db.message.createMany({
    data: messages.map((m) => ({ ...m, conversationId: turn.conversationId as string })),
  });
  return turn.conversationId;
}
