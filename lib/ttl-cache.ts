// A small per-process cache whose entries live at most `ttlMs`. It holds lookups on the request
// path (sessions, guests, prices) so each instance reads them from the database at most once per
// TTL; invalidations on this instance take effect at once, on other instances within the TTL.
// A named cache lives on globalThis: Next may load a module once per server bundle (route
// handlers, pages), and an invalidation in one bundle must clear the entries every bundle reads.
// An unnamed one is private to its caller. A writer that changes what a named cache holds forgets
// the entry by name and key (forgetCached), without importing the module that owns the cache.

type Entry<V> = { at: number; value: V };

export type TtlCache<V> = {
  /** The value stored for key less than ttlMs ago, or undefined. */
  get(key: string, now?: number): V | undefined;
  set(key: string, value: V, now?: number): void;
  delete(key: string): void;
  /** Deletes every entry whose value matches. */
  deleteWhere(match: (value: V, key: string) => boolean): void;
  clear(): void;
};

const registry = globalThis as typeof globalThis & {
  __ledgerchatTtlCaches?: Map<string, Map<string, unknown>>;
};

/** The plan, status and caps of a user as the chat path reads them (lib/chat/limits.ts), by user id. */
export const USER_ACCESS_CACHE = "user-access";

/** Forgets one key of a named cache; a no-op while nothing in this process has created the cache. */
export function forgetCached(name: string, key: string): void {
  registry.__ledgerchatTtlCaches?.get(name)?.delete(key);
}

export function ttlCache<V>(name: string | null, ttlMs: number, maxEntries = 10_000): TtlCache<V> {
  let entries = new Map<string, Entry<V>>();
  if (name !== null) {
    registry.__ledgerchatTtlCaches ??= new Map();
    const shared = registry.__ledgerchatTtlCaches.get(name) as Map<string, Entry<V>> | undefined;
    if (shared) entries = shared;
    else registry.__ledgerchatTtlCaches.set(name, entries);
  }
  return {
    get(key, now = Date.now()) {
      const hit = entries.get(key);
      if (!hit) return undefined;
      if (now - hit.at >= ttlMs) {
        entries.delete(key);
        return undefined;
      }
      return hit.value;
    },
    set(key, value, now = Date.now()) {
      // Bounded memory: a full cache starts over rather than tracking recency on the hot path.
      if (entries.size >= maxEntries && !entries.has(key)) entries.clear();
      entries.set(key, { at: now, value });
    },
    delete(key) {
      entries.delete(key);
    },
    deleteWhere(match) {
      for (const [key, entry] of entries) if (match(entry.value, key)) entries.delete(key);
    },
    clear() {
      entries.clear();
    },
  };
}
