// The admin dispute queue: user disputes (decidable), sorted, filtered and paged on the server
// (open ones first by default, oldest first), and Stripe chargebacks from billing shown beside
// them, read-only (the bank decides those).
import { z } from "zod";
import { filterEnum, filterText, listQuery, pageOf, paging } from "@/lib/admin/list-query";
import type { Db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";

export const DISPUTE_STATUSES = ["open", "approved", "rejected"] as const;

/** GET /api/admin/disputes and /admin/disputes. Without a status parameter: the open queue. */
export const DisputesListQuery = listQuery({
  sorts: ["createdAt", "status", "itemType", "amountPt", "resolvedAt"],
  defaultSort: "createdAt",
  defaultDir: "asc",
  filters: {
    // Absent → the open queue; "" (the form's "Any") → every status.
    status: z
      .union([z.literal(""), z.enum(DISPUTE_STATUSES)])
      .optional()
      .transform((v) => (v === undefined ? "open" : v === "" ? undefined : v)),
    itemType: filterEnum(["message", "payment", "ledger_entry"]),
    q: filterText(200),
  },
});
export type DisputesList = z.output<typeof DisputesListQuery>;

export async function listDisputes(db: Db, query: DisputesList) {
  const where: Prisma.DisputeWhereInput = {
    ...(query.status ? { status: query.status } : {}),
    ...(query.itemType ? { itemType: query.itemType } : {}),
    ...(query.q
      ? {
          OR: [
            { reason: { contains: query.q, mode: "insensitive" } },
            { itemId: query.q },
            ...(/^[0-9a-f-]{36}$/i.test(query.q) ? [{ userId: query.q }, { id: query.q }] : []),
          ],
        }
      : {}),
  };
  const nullable = query.sort === "amountPt" || query.sort === "resolvedAt";
  const column = nullable
    ? { [query.sort]: { sort: query.dir, nulls: "last" as const } }
    : { [query.sort]: query.dir };
  const [items, total] = await Promise.all([
    db.dispute.findMany({ where, orderBy: [column, { id: query.dir }], ...paging(query) }),
    db.dispute.count({ where }),
  ]);
  const users = await db.user.findMany({
    where: { id: { in: [...new Set(items.map((d) => d.userId))] } },
    select: { id: true, email: true },
  });
  const email = new Map(users.map((u) => [u.id, u.email]));
  return pageOf(
    query,
    items.map((d) => ({ ...d, userEmail: email.get(d.userId) ?? null })),
    total,
  );
}

export function listChargebacks(db: Db, limit = 50) {
  return db.billingDispute.findMany({ orderBy: [{ createdAt: "desc" }, { id: "desc" }], take: limit });
}
