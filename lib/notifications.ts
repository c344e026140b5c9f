// In-app notifications: a user's own notices (dispute outcomes), newest first; unread until read.
import type { Db } from "@/lib/db";

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
