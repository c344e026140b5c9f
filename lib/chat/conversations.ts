// Conversation history: list (cursor-paginated, newest first, title search), read, rename, soft
// delete, and adoption of a guest's conversations at sign-up. Every query is scoped by owner, so
// another owner's id is simply not found (404), never forbidden.
import type { Owner } from "@/lib/chat/owner";
import { ownerWhere } from "@/lib/chat/owner";
import type { Db } from "@/lib/db";
import { AppError } from "@/lib/errors";

export type ConversationSummary = {
  id: string;
  title: string;
  model: string;
  createdAt: Date;
  updatedAt: Date;
};

export type MessageView = {
  id: string;
  role: "user" | "assistant";
  content: string;
  model: string | null;
  status: "streaming" | "complete" | "aborted" | "error";
  inputTokens: number | null;
  outputTokens: number | null;
  ptCharged: bigint | null;
  createdAt: Date;
};

const SUMMARY = { id: true, title: true, model: true, createdAt: true, updatedAt: true } as const;

type Cursor = { updatedAt: Date; id: string };

export function encodeCursor(c: Cursor): string {
  return Buffer.from(`${c.updatedAt.toISOString()}|${c.id}`).toString("base64url");
}

export function decodeCursor(raw: string): Cursor {
  const [iso, id] = Buffer.from(raw, "base64url").toString("utf8").split("|");
  const updatedAt = new Date(iso ?? "");
  if (!id || Number.isNaN(updatedAt.getTime()) || !/^[0-9a-f-]{36}$/i.test(id)) {
    throw new AppError("bad_request", "The cursor is not valid.");
  }
  return { updatedAt, id };
}

export type ListOptions = { cursor?: string; limit: number; q?: string; teamId?: string };

/** Newest first by (updatedAt, id); the cursor is the last item's position, stable under inserts. */
export async function listConversations(
  db: Db,
  owner: Owner,
  options: ListOptions,
): Promise<{ items: ConversationSummary[]; nextCursor: string | null }> {
  const after = options.cursor ? decodeCursor(options.cursor) : undefined;
  const q = options.q?.trim();
  const rows = await db.conversation.findMany({
    where: {
      ...ownerWhere(owner),
      // One workspace at a time: personal (teamId null) or the team's, always the caller's own.
      teamId: options.teamId ?? null,
      deletedAt: null,
      ...(q ? { title: { contains: q, mode: "insensitive" as const } } : {}),
      ...(after
        ? {
            OR: [
              { updatedAt: { lt: after.updatedAt } },
              { updatedAt: after.updatedAt, id: { lt: after.id } },
            ],
          }
        : {}),
    },
    orderBy: [{ updatedAt: "desc" }, { id: "desc" }],
    take: options.limit + 1,
    select: SUMMARY,
  });
  const items = rows.slice(0, options.limit);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > options.limit && last ? encodeCursor(last) : null };
}

async function requireOwned(db: Db, owner: Owner, id: string): Promise<ConversationSummary> {
  const conversation = await db.conversation.findFirst({
    where: { id, ...ownerWhere(owner), deletedAt: null },
    select: SUMMARY,
  });
  if (!conversation) throw new AppError("not_found", "Conversation not found.");
  return conversation;
}

export async function getConversation(
  db: Db,
  owner: Owner,
  id: string,
): Promise<{ conversation: ConversationSummary; messages: MessageView[] }> {
  const conversation = await requireOwned(db, owner, id);
  const messages = await db.message.findMany({
    // Replies replaced by a regenerate or an edit are not shown (their charges stay in the ledger).
    where: { conversationId: id, supersededAt: null },
    orderBy: [{ createdAt: "asc" }, { role: "asc" }],
    select: {
      id: true,
      role: true,
      content: true,
      model: true,
      status: true,
      inputTokens: true,
      outputTokens: true,
      ptCharged: true,
      createdAt: true,
    },
  });
  return { conversation, messages };
}

export async function renameConversation(
  db: Db,
  owner: Owner,
  id: string,
  title: string,
): Promise<ConversationSummary> {
  const { count } = await db.conversation.updateMany({
    where: { id, ...ownerWhere(owner), deletedAt: null },
    data: { title },
  });
  if (count === 0) throw new AppError("not_found", "Conversation not found.");
  return requireOwned(db, owner, id);
}

export async function deleteConversation(db: Db, owner: Owner, id: string): Promise<void> {
  const { count } = await db.conversation.updateMany({
    where: { id, ...ownerWhere(owner), deletedAt: null },
    data: { deletedAt: new Date() },
  });
  if (count === 0) throw new AppError("not_found", "Conversation not found.");
}

/**
 * Sign-up keeps the guest's chats: the guest's conversations become the user's. Idempotent (a
 * second call finds nothing left to move). Run by auth's guest conversion (lib/chat/guest-adoption.ts).
 */
export async function adoptGuestConversations(
  db: Db,
  input: { guestId: string; userId: string },
): Promise<{ moved: number }> {
  const { count } = await db.conversation.updateMany({
    where: { guestId: input.guestId, userId: null },
    data: { userId: input.userId },
  });
  return { moved: count };
}
