// The audit log: every admin mutation writes one row (actor, action, target, before/after) with
// the transaction client of the change itself, so a change and its audit row commit together.
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

export type AuditFilter = {
  actorId?: string;
  action?: string;
  targetId?: string;
  cursor?: string;
  limit?: number;
};

/** Newest first, keyset-paginated on (createdAt, id). */
export async function listAudit(db: Db, filter: AuditFilter) {
  const limit = Math.min(filter.limit ?? 50, 200);
  const rows = await db.auditLog.findMany({
    where: {
      ...(filter.actorId ? { actorId: filter.actorId } : {}),
      ...(filter.action ? { action: { startsWith: filter.action } } : {}),
      ...(filter.targetId ? { targetId: filter.targetId } : {}),
    },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit + 1,
    ...(filter.cursor ? { cursor: { id: filter.cursor }, skip: 1 } : {}),
  });
  const items = rows.slice(0, limit);
  return { items, nextCursor: rows.length > limit ? (items.at(-1)?.id ?? null) : null };
}

/** The email of each actor on an audit page, by user id (the log stores ids only). */
export async function auditActorEmails(db: Db, actorIds: string[]): Promise<Map<string, string>> {
  const actors = await db.user.findMany({
    where: { id: { in: [...new Set(actorIds)] } },
    select: { id: true, email: true },
  });
  return new Map(actors.map((a) => [a.id, a.email]));
}
