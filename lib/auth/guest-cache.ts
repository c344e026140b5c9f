// Guest lookups cached for at most GUEST_CACHE_MS per instance. A conversion on this instance
// forgets the guest at once (forgetGuest); on other instances within that time, by which point
// its PT have moved to the new user, so the ledger refuses any further guest spend.
import { ttlCache } from "@/lib/ttl-cache";

export type LiveGuest = { id: string; createdAt: Date; lastSeenAt: Date };

export const GUEST_CACHE_MS = 5_000;
export const guestCache = ttlCache<LiveGuest | null>("guests", GUEST_CACHE_MS);

/** Drops a guest's cached lookup (called when it is converted). */
export function forgetGuest(guestId: string): void {
  guestCache.delete(guestId);
}
