// The admin privacy-requests queue: run an export or schedule a deletion for a user who asked by
// email (the admin checks the sender is the account holder; the note records how), and list the
// requests. Every action is audited by the service it calls (export.ts, request-deletion.ts).
import type { Db, DbClient } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { type ExportArchive, exportForUser } from "@/lib/privacy/export";
import { type ScheduledDeletion, scheduleDeletion } from "@/lib/privacy/request-deletion";

type AdminAction = { email: string; adminId: string; note: string; requestId?: string };

async function userIdByEmail(db: Db, email: string): Promise<string> {
  const user = await db.user.findUnique({ where: { email }, select: { id: true, status: true } });
  if (!user || user.status === "deleted")
    throw new AppError("not_found", "No account has that email address.");
  return user.id;
}

export async function adminExport(db: DbClient, input: AdminAction): Promise<ExportArchive> {
  const userId = await userIdByEmail(db, input.email);
  return exportForUser(db, { userId, adminId: input.adminId, note: input.note, requestId: input.requestId });
}

export async function adminScheduleDeletion(db: DbClient, input: AdminAction): Promise<ScheduledDeletion> {
  const userId = await userIdByEmail(db, input.email);
  if (userId === input.adminId)
    throw new AppError("bad_request", "Delete your own account from your account page.");
  return scheduleDeletion(db, {
    userId,
    adminId: input.adminId,
    note: input.note,
    requestId: input.requestId,
  });
}

export type PrivacyRequestRow = {
  id: string;
  kind: "export" | "deletion";
  status: "scheduled" | "cancelled" | "completed" | "erasing";
  userId: string;
  email: string | null;
  byAdmin: boolean;
  note: string | null;
  dueAt: Date | null;
  createdAt: Date;
  completedAt: Date | null;
  cancelledAt: Date | null;
};

/** Scheduled deletions first (soonest due), then the most recent requests. */
export async function listPrivacyRequests(db: Db, limit = 100): Promise<PrivacyRequestRow[]> {
  const [scheduled, recent] = await Promise.all([
    db.privacyRequest.findMany({ where: { status: "scheduled" }, orderBy: { dueAt: "asc" }, take: limit }),
    db.privacyRequest.findMany({
      where: { status: { not: "scheduled" } },
      orderBy: { createdAt: "desc" },
      take: limit,
    }),
  ]);
  const rows = [...scheduled, ...recent].slice(0, limit);
  const users = await db.user.findMany({
    where: { id: { in: [...new Set(rows.map((r) => r.userId))] } },
    select: { id: true, email: true },
  });
  const emails = new Map(users.map((u) => [u.id, u.email]));
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    status: r.status,
    userId: r.userId,
    email: emails.get(r.userId) ?? null,
    byAdmin: r.adminId !== null,
    note: r.note,
    dueAt: r.dueAt,
    createdAt: r.createdAt,
    completedAt: r.completedAt,
    cancelledAt: r.cancelledAt,
  }));
}
