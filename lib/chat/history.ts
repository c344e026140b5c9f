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

export type HistoryMessage = { role: "user" | "assistant"; content: string; createdAt: Date };

/**
 * The owner's conversation as the model sees it, oldest first: settled, non-empty messages that
 * no regenerate or edit replaced; 404 when the conversation is not theirs.
 */
export async function loadHistory(
  db: Db,
  owner: Owner,
  conversationId: string,
  teamId: string | null = null,
): Promise<HistoryMessage[]> {
  // A conversation answers only in the workspace it was made in (personal: teamId null).
  const conversation = await db.conversation.findFirst({
    where: { id: conversationId, ...ownerWhere(owner), teamId, deletedAt: null },
    select: { id: true },
  });
  if (!conversation) throw new AppError("not_found", "Conversation not found.");
  const rows = await db.message.findMany({
    where: { conversationId, status: { not: "streaming" }, content: { not: "" }, supersededAt: null },
    orderBy: [{ createdAt: "desc" }, { role: "desc" }],
    take: HISTORY_MESSAGES,
    select: { role: true, content: true, createdAt: true },
  });
  return rows.reverse();
}

export type TurnAction = "send" | "regenerate" | "edit";

/**
 * What a turn sends the model and what it replaces. "send" appends the message; "regenerate"
 * answers the last user message again, replacing the replies after it; "edit" replaces the last
 * user message (and its replies) with the new one. Replaced rows are marked superseded, not
 * deleted: their charges stay in the ledger and the usage.
 */
export function planTurn(
  history: HistoryMessage[],
  action: TurnAction,
  message: string | undefined,
): { prompt: ModelMessage[]; userMessage: string | null; supersedeFrom: SupersedeFrom | null } {
  const asModel = (rows: HistoryMessage[]): ModelMessage[] =>
    rows.map((r) => ({ role: r.role, content: r.content }));
  if (action === "send") {
    const text = message ?? "";
    return {
      prompt: [...asModel(history), { role: "user", content: text }],
      userMessage: text,
      supersedeFrom: null,
    };
  }
  const last = history.findLastIndex((r) => r.role === "user");
  const lastUser = history[last];
  if (!lastUser)
    throw new AppError("conflict", `There is no message to ${action === "edit" ? "edit" : "answer again"}.`);
  if (action === "regenerate")
    return {
      prompt: asModel(history.slice(0, last + 1)),
      userMessage: null,
      supersedeFrom: { at: lastUser.createdAt, inclusive: false },
    };
  const text = message ?? "";
  return {
    prompt: [...asModel(history.slice(0, last)), { role: "user", content: text }],
    userMessage: text,
    supersedeFrom: { at: lastUser.createdAt, inclusive: true },
  };
}

/** Messages of the conversation from this instant on are replaced by the turn. */
export type SupersedeFrom = { at: Date; inclusive: boolean };

export type TurnInput = {
  /** An existing conversation of the owner's; when absent one is created (with newConversationId). */
  conversationId?: string;
  newConversationId: string;
  model: string;
  /** The new user message; null when the turn answers the last one again (regenerate). */
  message: string | null;
  messageId: string;
  at: Date;
  /** Regenerate and edit: the visible messages this turn replaces (from this instant on). */
  supersedeFrom?: SupersedeFrom | null;
  /** The team workspace the turn runs in (null: personal); a conversation stays in its own. */
  teamId?: string | null;
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
  const teamId = turn.teamId ?? null;
  const conversation = turn.conversationId
    ? Prisma.sql`
        UPDATE "Conversation" SET "updatedAt" = ${turn.at}, model = ${turn.model}
        WHERE id = ${turn.conversationId}::uuid AND "deletedAt" IS NULL AND EXISTS (SELECT 1 FROM placed)
          AND "teamId" IS NOT DISTINCT FROM ${teamId}::uuid
          AND (CASE WHEN ${userId}::uuid IS NOT NULL THEN "userId" = ${userId}::uuid
                    ELSE "guestId" = ${guestId}::uuid AND "userId" IS NULL END)
        RETURNING id`
    : Prisma.sql`
        INSERT INTO "Conversation" (id, "userId", "guestId", "teamId", title, model, "createdAt", "updatedAt")
        SELECT ${turn.newConversationId}::uuid, ${userId}::uuid, ${guestId}::uuid, ${teamId}::uuid,
               ${titleFromMessage(turn.message ?? "")}, ${turn.model}, ${turn.at}, ${turn.at}
        FROM placed
        RETURNING id`;
  const assistantRow = Prisma.sql`(${turn.messageId}::uuid, 'assistant'::"MessageRole", '', ${turn.model}::text,
                 'streaming'::"MessageStatus", ${later}::timestamptz)`;
  const rows =
    turn.message === null
      ? assistantRow
      : Prisma.sql`(${randomUUID()}::uuid, 'user'::"MessageRole", ${turn.message}, NULL::text,
                 'complete'::"MessageStatus", ${turn.at}::timestamptz), ${assistantRow}`;
  // The same snapshot as the inserts: the rows replaced are the ones visible before this turn.
  const from = turn.supersedeFrom;
  const superseded = from
    ? Prisma.sql`,
    turn_superseded AS (
      UPDATE "Message" SET "supersededAt" = ${turn.at}
      WHERE "conversationId" = (SELECT id FROM turn_conversation) AND "supersededAt" IS NULL
        AND ${from.inclusive ? Prisma.sql`"createdAt" >= ${from.at}` : Prisma.sql`"createdAt" > ${from.at}`}
      RETURNING id)`
    : Prisma.empty;
  return Prisma.sql`
    turn_conversation AS (${conversation}),
    turn_messages AS (
      INSERT INTO "Message" (id, "conversationId", role, content, model, status, "holdId", "ptReserved", "createdAt")
      SELECT m.id, c.id, m.role, m.content, m.model, m.status,
             CASE WHEN m.role = 'assistant' THEN p.id END, CASE WHEN m.role = 'assistant' THEN p.amount END,
             m."createdAt"
      FROM turn_conversation c, placed p,
        (VALUES ${rows}) AS m(id, role, content, model, status, "createdAt")
      RETURNING id)${superseded}`;
}
