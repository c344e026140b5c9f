// The audit log: every admin mutation writes one row (actor, action, target, before/after) with
// the transaction client of the change itself, so a change and its audit row commit together.

import type { z } from "zod";
import { filterText, filterUuid, listQuery, pageOf, paging } from "@/lib/admin/list-query";
import type { Db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";

/** Who acts: the admin's user id and the request that carried the action. */
export type Actor = { userId: string; requestId?: string };

export type AuditInput = {
  action: string;
  targetType: string;
  targetId: string;
  before?: unknown;
  after?: unknown;
};

/** JSON-safe copy (BigInt → decimal string, Date → ISO) for the before/after columns. */
export function auditJson(value: unknown): Prisma.InputJsonValue | undefined {
  if (value === undefined || value === null) return undefined;
  return JSON.parse(
    JSON.stringify(value, (_k, v) => (typeof v === "bigint" ? v.toString() : v)),
  ) as Prisma.InputJsonValue;
}

export async function writeAudit(tx: Db, actor: Actor, input: AuditInput): Promise<void> {
  await tx.auditLog.create({
    data: {
      actorId: actor.userId,
      action: input.action,
      targetType: input.targetType,
      targetId: input.targetId,
      before: auditJson(input.before),
      after: auditJson(input.after),
      requestId: actor.requestId ?? null,
    },
  });
}

/** GET /api/admin/audit and /admin/audit: newest first by default, filterable by actor, action, target. */
export const AuditListQuery = listQuery({
  sorts: ["createdAt", "action", "targetType"],
  defaultSort: "createdAt",
  defaultDir: "desc",
  filters: { actorId: filterUuid, action: filterText(100), targetId: filterText(255) },
});
export type AuditList = z.output<typeof AuditListQuery>;

export async function listAudit(db: Db, query: AuditList) {
  const where: Prisma.AuditLogWhereInput = {
    ...(query.actorId ? { actorId: query.actorId } : {}),
    ...(query.action ? { action: { startsWith: query.action } } : {}),
    ...(query.targetId ? { targetId: query.targetId } : {}),
  };
  const [items, total] = await Promise.all([
    db.auditLog.findMany({
      where,
      orderBy: [{ [query.sort]: query.dir }, { id: query.dir }],
      ...paging(query),
    }),
    db.auditLog.count({ where }),
  ]);
  const email = await auditActorEmails(
    db,
    items.map((i) => i.actorId),
  );
  return pageOf(
    query,
    items.map((a) => ({ ...a, actorEmail: email.get(a.actorId) ?? null })),
    total,
  );
}

/** The email of each actor on an audit page, by user id (the log stores ids only). */
export async function auditActorEmails(db: Db, actorIds: string[]): Promise<Map<string, string>> {
  const actors = await db.user.findMany({
    where: { id: { in: [...new Set(actorIds)] } },
    select: { id: true, email: true },
  });
  return new Map(actors.map((a) => [a.id, a.email]));
}
