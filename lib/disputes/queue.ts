// The admin dispute queue: user disputes (decidable) filtered by status, keyset-paginated, and
// Stripe chargebacks from billing shown beside them, read-only (the bank decides those).
import type { Db } from "@/lib/db";
import type { DisputeStatus } from "@/lib/generated/prisma/client";

export async function listDisputes(
  db: Db,
  filter: { status?: DisputeStatus; cursor?: string; limit?: number },
) {
  const limit = Math.min(filter.limit ?? 50, 200);
  const rows = await db.dispute.findMany({
    where: filter.status ? { status: filter.status } : {},
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    take: limit + 1,
    ...(filter.cursor ? { cursor: { id: filter.cursor }, skip: 1 } : {}),
  });
  const items = rows.slice(0, limit);
  const users = await db.user.findMany({
    where: { id: { in: [...new Set(items.map((d) => d.userId))] } },
    select: { id: true, email: true },
  });
  const email = new Map(users.map((u) => [u.id, u.email]));
  return {
    items: items.map((d) => ({ ...d, userEmail: email.get(d.userId) ?? null })),
    nextCursor: rows.length > limit ? (items.at(-1)?.id ?? null) : null,
  };
}

export function listChargebacks(db: Db, limit = 50) {
  return db.billingDispute.findMany({ orderBy: [{ createdAt: "desc" }, { id: "desc" }], take: limit });
}
