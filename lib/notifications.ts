// In-app notifications: a user's own notices (dispute outcomes, budget alerts), newest first;
// unread until read.
import type { Db } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";

export type NotificationInput = {
  userId: string;
  kind: string;
  title: string;
  body: string;
  link?: string;
  dedupeKey?: string;
};

export async function notify(db: Db, input: NotificationInput): Promise<void> {
  if (input.dedupeKey) {
    await db.notification.upsert({
      where: { dedupeKey: input.dedupeKey },
      create: input,
      update: {},
    });
    return;
  }
  await db.notification.create({ data: input });
}

/**
 * notify() as a CTE body, for a cause that is one SQL statement (a settlement's budget alert), so
 * the notice commits with it. `notices`: a SELECT yielding user_id (uuid), kind, title, body, link
 * (text or NULL), dedupe_key (text) and at (timestamptz); a repeated dedupe key writes nothing.
 */
export function notificationsSql(notices: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`
    INSERT INTO "Notification" (id, "userId", kind, title, body, link, "dedupeKey", "createdAt")
    SELECT gen_random_uuid(), n.user_id, n.kind, n.title, n.body, n.link, n.dedupe_key, n.at
    FROM (${notices}) n
    ON CONFLICT ("dedupeKey") DO NOTHING`;
}

export async function listNotifications(db: Db, userId: string, limit = 20) {
  const [items, unread] = await Promise.all([
    db.notification.findMany({
      where: { userId },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: limit,
      select: { id: true, kind: true, title: true, body: true, link: true, readAt: true, createdAt: true },
    }),
    db.notification.count({ where: { userId, readAt: null } }),
  ]);
  return { items, unread };
}

export async function markAllRead(db: Db, userId: string): Promise<number> {
  const { count } = await db.notification.updateMany({
    where: { userId, readAt: null },
    data: { readAt: new Date() },
  });
  return count;
}
