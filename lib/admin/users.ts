// Admin reads of users: search (keyset-paginated on id) and one user's detail — balance and
// grants, recent ledger entries, conversation metadata (never message content), sessions.
import type { Db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { Prisma } from "@/lib/generated/prisma/client";
import { getBalance } from "@/lib/ledger/accounts";
import { listEntries } from "@/lib/ledger/history";

export type UserSearch = {
  q?: string;
  status?: "active" | "frozen" | "deleted";
  cursor?: string;
  limit?: number;
};

export async function searchUsers(db: Db, filter: UserSearch) {
  const limit = Math.min(filter.limit ?? 25, 100);
  const where: Prisma.UserWhereInput = {
    ...(filter.q
      ? {
          OR: [
            { email: { contains: filter.q, mode: "insensitive" } },
            { name: { contains: filter.q, mode: "insensitive" } },
            ...(/^[0-9a-f-]{36}$/i.test(filter.q) ? [{ id: filter.q }] : []),
          ],
        }
      : {}),
    ...(filter.status ? { status: filter.status } : {}),
  };
  const rows = await db.user.findMany({
    where,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit + 1,
    ...(filter.cursor ? { cursor: { id: filter.cursor }, skip: 1 } : {}),
    select: {
      id: true,
      email: true,
      name: true,
      role: true,
      status: true,
      plan: true,
      emailVerifiedAt: true,
      createdAt: true,
    },
  });
  const items = rows.slice(0, limit);
  return { items, nextCursor: rows.length > limit ? (items.at(-1)?.id ?? null) : null };
}

export async function userDetail(db: Db, userId: string, options: { ledgerCursor?: string } = {}) {
  if (!/^[0-9a-f-]{36}$/i.test(userId)) throw new AppError("not_found", "No such user.");
  const user = await db.user.findUnique({
    where: { id: userId },
    select: {
      id: true,
      email: true,
      name: true,
      role: true,
      status: true,
      plan: true,
      emailVerifiedAt: true,
      twoFactorEnabledAt: true,
      createdAt: true,
    },
  });
  if (!user) throw new AppError("not_found", "No such user.");
  const account = { kind: "user" as const, userId };
  const [balance, ledger, conversations, sessions] = await Promise.all([
    getBalance(db, account),
    listEntries(db, { account, cursor: options.ledgerCursor ?? null, limit: 25 }),
    db.conversation.findMany({
      where: { userId },
      orderBy: [{ updatedAt: "desc" }, { id: "desc" }],
      take: 25,
      select: {
        id: true,
        title: true,
        model: true,
        createdAt: true,
        updatedAt: true,
        deletedAt: true,
        _count: { select: { messages: true } },
      },
    }),
    db.session.findMany({
      where: { userId },
      orderBy: { createdAt: "desc" },
      take: 25,
      select: { id: true, createdAt: true, lastSeenAt: true, revokedAt: true, ip: true, userAgent: true },
    }),
  ]);
  return { user, balance, ledger, conversations, sessions };
}
