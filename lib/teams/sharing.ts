// Conversations made in a team workspace are private to their author; the author may share one
// with the team, and then every member (viewers included) may read it. Nobody but the author can
// write to it: chat turns are scoped by author and workspace (lib/chat/history.ts).
import type { Db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { requireTeamPermission } from "@/lib/teams/membership";

type Ref = { teamId: string; userId: string; conversationId: string };

/** Shares (or, with shared false, unshares) the author's conversation made in this team. */
export async function setShared(db: Db, input: Ref & { shared: boolean }) {
  await requireTeamPermission(db, { ...input, permission: "spend" });
  const { count } = await db.conversation.updateMany({
    where: { id: input.conversationId, userId: input.userId, teamId: input.teamId, deletedAt: null },
    data: { sharedAt: input.shared ? new Date() : null },
  });
  if (count === 0) throw new AppError("not_found", "Conversation not found.");
  return { conversationId: input.conversationId, shared: input.shared };
}

/** The team's shared conversations, newest first. */
export async function listShared(db: Db, input: { teamId: string; userId: string }) {
  await requireTeamPermission(db, { ...input, permission: "read_shared" });
  const rows = await db.conversation.findMany({
    where: { teamId: input.teamId, sharedAt: { not: null }, deletedAt: null },
    orderBy: { sharedAt: "desc" },
    take: 100,
    select: { id: true, title: true, model: true, userId: true, sharedAt: true, updatedAt: true },
  });
  return rows;
}

/** One shared conversation with its visible messages (read-only). */
export async function readShared(db: Db, input: Ref) {
  await requireTeamPermission(db, { ...input, permission: "read_shared" });
  const conversation = await db.conversation.findFirst({
    where: { id: input.conversationId, teamId: input.teamId, sharedAt: { not: null }, deletedAt: null },
    select: { id: true, title: true, model: true, userId: true, sharedAt: true },
  });
  if (!conversation) throw new AppError("not_found", "Conversation not found.");
  const messages = await db.message.findMany({
    where: { conversationId: conversation.id, supersededAt: null, status: { not: "streaming" } },
    orderBy: [{ createdAt: "asc" }, { role: "asc" }],
    select: { id: true, role: true, content: true, model: true, createdAt: true },
  });
  return { ...conversation, messages };
}

/** The caller's own conversations made in the team, with whether each is shared. */
export async function listMine(db: Db, input: { teamId: string; userId: string }) {
  await requireTeamPermission(db, { ...input, permission: "view" });
  return db.conversation.findMany({
    where: { teamId: input.teamId, userId: input.userId, deletedAt: null },
    orderBy: { updatedAt: "desc" },
    take: 50,
    select: { id: true, title: true, sharedAt: true, updatedAt: true },
  });
}
