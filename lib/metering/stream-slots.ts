// Concurrent-stream limit per owner, shared by every app instance through Postgres. A stream
// holds one of `limit` numbered slots; the (ownerKey, slot) primary key makes taking a slot atomic,
// and a lease that outlives a crashed process expires and is taken over.
import type { Db } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";

export type SlotClaim = { ownerKey: string; limit: number; messageId: string; ttlSeconds: number };

/**
 * One attempt at the lowest free slot, as a CTE body for the admission statement (admit.ts): an
 * INSERT ... RETURNING slot that returns no row when every slot is busy, or when a racer took the
 * slot this attempt picked (its INSERT conflicts; the caller tries again).
 */
export function claimSlotSql(input: SlotClaim): Prisma.Sql {
  return Prisma.sql`
    INSERT INTO "ChatStreamSlot" ("ownerKey", slot, "messageId", "expiresAt")
    SELECT ${input.ownerKey}, s, ${input.messageId}::uuid, now() + make_interval(secs => ${input.ttlSeconds})
    FROM generate_series(0, ${input.limit - 1}::int) AS s
    WHERE NOT EXISTS (
      SELECT 1 FROM "ChatStreamSlot" x
      WHERE x."ownerKey" = ${input.ownerKey} AND x.slot = s AND x."expiresAt" > now())
    ORDER BY s
    LIMIT 1
    ON CONFLICT ("ownerKey", slot) DO UPDATE
      SET "messageId" = EXCLUDED."messageId", "expiresAt" = EXCLUDED."expiresAt"
      WHERE "ChatStreamSlot"."expiresAt" <= now()
    RETURNING slot`;
}

/** Frees the slot a stream held; also a CTE body, for the statement that settles the stream. */
export function releaseSlotSql(input: { ownerKey: string; messageId: string }): Prisma.Sql {
  return Prisma.sql`
    DELETE FROM "ChatStreamSlot" WHERE "ownerKey" = ${input.ownerKey} AND "messageId" = ${input.messageId}::uuid`;
}

export async function releaseStreamSlot(
  db: Db,
  input: { ownerKey: string; messageId: string },
): Promise<void> {
  await db.$executeRaw(releaseSlotSql(input));
}
