// "Last used" of API keys, kept off the request path: a request notes its key's use in memory (the
// newest time and address per key), and one statement writes every noted key at most every
// LAST_USED_FLUSH_MS, so a burst of requests on a key costs one write, not one per request. A
// crash loses at most that window of last-use times; nothing about money depends on them.
import type { Db } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import { logger } from "@/lib/logger";

export const LAST_USED_FLUSH_MS = 2_000;
/** A use at the same address within this long of the stored one is not worth noting. */
export const LAST_USED_RESOLUTION_MS = 60_000;

type Use = { at: Date; ip: string };

const pending = new Map<string, Use>();
let target: Db | undefined;
let timer: ReturnType<typeof setTimeout> | undefined;

export type StoredUse = { lastUsedAt: Date | null; lastUsedIp: string | null };

/** Notes a use of the key (no I/O); the write follows within LAST_USED_FLUSH_MS. */
export function noteKeyUse(db: Db, keyId: string, stored: StoredUse, ip: string, at = new Date()): void {
  const fresh =
    stored.lastUsedIp === ip &&
    stored.lastUsedAt !== null &&
    at.getTime() - stored.lastUsedAt.getTime() < LAST_USED_RESOLUTION_MS;
  if (fresh) return;
  const seen = pending.get(keyId);
  if (seen && seen.at >= at) return;
  pending.set(keyId, { at, ip });
  target = db;
  if (timer) return;
  timer = setTimeout(() => {
    timer = undefined;
    flushKeyUse().catch((error: unknown) =>
      logger.error({ err: error }, "writing API keys' last use failed"),
    );
  }, LAST_USED_FLUSH_MS);
  timer.unref?.();
}

/** Writes the noted uses in one statement (never moving a key's last use back); answers the keys written. */
export async function flushKeyUse(db: Db | undefined = target): Promise<number> {
  if (!db || pending.size === 0) return 0;
  const uses = [...pending.entries()];
  pending.clear();
  return db.$executeRaw(Prisma.sql`
    UPDATE "ApiKey" k SET "lastUsedAt" = u.at, "lastUsedIp" = u.ip
    FROM unnest(${uses.map(([id]) => id)}::uuid[], ${uses.map(([, u]) => u.at)}::timestamptz[],
                ${uses.map(([, u]) => u.ip)}::text[]) AS u(id, at, ip)
    WHERE k.id = u.id AND (k."lastUsedAt" IS NULL OR k."lastUsedAt" < u.at)`);
}
