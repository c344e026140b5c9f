// In-process limiter: the embedded default and the fallback when Upstash fails. It uses the same
// weighted two-window algorithm as @upstash/ratelimit (and the same bucket boundaries), so a
// request is judged alike by either backend. Counts are per process, not shared between
// instances; that is acceptable because the ledger hold, not the limiter, guards money.
// Memory is bounded: expired entries are swept, and past maxKeys the least recently used go.
import type { RateLimitPolicy, RateLimitResult } from "@/lib/ratelimit/policies";
import { toResult } from "@/lib/ratelimit/policies";

type Entry = { windowMs: number; bucket: number; current: number; previous: number };

export type MemoryBackend = {
  limit(key: string, policy: RateLimitPolicy): RateLimitResult;
  /** Number of keys currently held (for tests and metrics). */
  size(): number;
};

export type MemoryBackendOptions = { maxKeys?: number; now?: () => number };

const SWEEP_INTERVAL_MS = 60_000;

export function createMemoryBackend(options: MemoryBackendOptions = {}): MemoryBackend {
  const maxKeys = options.maxKeys ?? 10_000;
  const now = options.now ?? Date.now;
  // Map iteration order is insertion order; re-inserting on every touch makes it LRU order.
  const entries = new Map<string, Entry>();
  let nextSweepAt = now() + SWEEP_INTERVAL_MS;

  // An entry is dead once both its current and previous windows are over.
  const expired = (entry: Entry, at: number) => (entry.bucket + 2) * entry.windowMs <= at;

  function sweep(at: number): void {
    for (const [key, entry] of entries) if (expired(entry, at)) entries.delete(key);
    // Still over budget: forget the least recently used keys. Forgetting a live key lets that
    // caller through early, which is the safe direction here (the ledger still guards money).
    for (const key of entries.keys()) {
      if (entries.size <= maxKeys) break;
      entries.delete(key);
    }
    nextSweepAt = at + SWEEP_INTERVAL_MS;
  }

  function limit(key: string, policy: RateLimitPolicy): RateLimitResult {
    const at = now();
    const windowMs = policy.windowSeconds * 1000;
    const bucket = Math.floor(at / windowMs);
    const reset = (bucket + 1) * windowMs;
    const storeKey = `${policy.name}:${policy.algorithm ?? "sliding"}:${windowMs}:${key}`;

    let entry = entries.get(storeKey);
    entries.delete(storeKey);
    if (!entry || entry.bucket < bucket - 1) {
      entry = { windowMs, bucket, current: 0, previous: 0 };
    } else if (entry.bucket === bucket - 1) {
      entry = { windowMs, bucket, current: 0, previous: entry.current };
    }
    entries.set(storeKey, entry);
    if (entries.size > maxKeys || at >= nextSweepAt) sweep(at);

    if (policy.algorithm === "fixed") {
      if (entry.current >= policy.limit) return toResult(false, policy.limit, 0, reset, at);
      entry.current += 1;
      return toResult(true, policy.limit, policy.limit - entry.current, reset, at);
    }
    // Weighted sliding window, as in Upstash's script: the previous window counts in
    // proportion to how much of it still overlaps the sliding window ending now.
    const weightedPrevious = Math.floor((1 - (at % windowMs) / windowMs) * entry.previous);
    if (weightedPrevious + entry.current >= policy.limit) {
      return toResult(false, policy.limit, 0, reset, at);
    }
    entry.current += 1;
    return toResult(true, policy.limit, policy.limit - (entry.current + weightedPrevious), reset, at);
  }

  return { limit, size: () => entries.size };
}
