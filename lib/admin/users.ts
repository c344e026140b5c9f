// Admin reads of users: search (sorted, filtered and paged on the server) and one user's detail — balance and
// grants, recent ledger entries, conversation metadata (never message content), sessions.

import type { z } from "zod";
import { filterEnum, filterText, listQuery, pageOf, paging } from "@/lib/admin/list-query";
import type { Db } from "@/lib/db";
import { PLAN_IDS } from "@/lib/entitlements";
import { AppError } from "@/lib/errors";
import type { Prisma } from "@/lib/generated/prisma/client";
import { getBalance } from "@/lib/ledger/accounts";
import { listEntries } from "@/lib/ledger/history";

const ROLES = ["USER", "ADMIN"] as const;
const STATUSES = ["active", "frozen", "deleted"] as const;

/** GET /api/admin/users and /admin/users: sortable columns and filters, validated. */
export const UsersListQuery = listQuery({
  sorts: ["createdAt", "email", "name", "plan", "status", "role"],
  defaultSort: "createdAt",
  defaultDir: "desc",
  filters: {
    q: filterText(200),
    status: filterEnum(STATUSES),
    role: filterEnum(ROLES),
    plan: filterEnum(PLAN_IDS),
  },
});
export type UsersList = z.output<typeof UsersListQuery>;

export async function searchUsers(db: Db, query: UsersList) {
  const where: Prisma.UserWhereInput = {
    ...(query.q
      ? {
          OR: [
            { email: { contains: query.q, mode: "insensitive" } },
            { name: { contains: query.q, mode: "insensitive" } },
            ...(/^[0-9a-f-]{36}$/i.test(query.q) ? [{ id: query.q }] : []),
          ],
        }
      : {}),
    ...(query.status ? { status: query.status } : {}),
    ...(query.role ? { role: query.role } : {}),
    ...(query.plan ? { plan: query.plan } : {}),
  };
  const column =
    query.sort === "name"
      ? { name: { sort: query.dir, nulls: "last" as const } }
      : { [query.sort]: query.dir };
  const [items, total] = await Promise.all([
    db.user.findMany({
      where,
      orderBy: [column, { id: query.dir }],
      ...paging(query),
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
    }),
    db.user.count({ where }),
  ]);
  return pageOf(query, items, total);
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
