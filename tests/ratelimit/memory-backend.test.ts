// The in-process limiter with an injected clock: same weighting as Upstash's sliding window,
// exact fixed windows, and memory that stays bounded.
import { describe, expect, it } from "vitest";
import { createMemoryBackend } from "@/lib/ratelimit/memory-backend";
import type { RateLimitPolicy } from "@/lib/ratelimit/policies";

const WINDOW_MS = 60_000;
const sliding: RateLimitPolicy = { name: "s", limit: 10, windowSeconds: 60 };
const fixed: RateLimitPolicy = { name: "f", limit: 10, windowSeconds: 60, algorithm: "fixed" };

function clock(start: number) {
  let t = start;
  return { now: () => t, set: (v: number) => (t = v) };
}

const allowedOf = (n: number, fn: () => { allowed: boolean }) =>
  Array.from({ length: n }, fn).filter((r) => r.allowed).length;

describe("memory backend", () => {
  it("weights the previous window by its remaining overlap (sliding)", () => {
    const c = clock(100 * WINDOW_MS);
    const m = createMemoryBackend({ now: c.now });
    expect(allowedOf(15, () => m.limit("k", sliding))).toBe(10);
    // Halfway through the next window, half of the previous 10 still counts: 5 more allowed.
    c.set(101 * WINDOW_MS + WINDOW_MS / 2);
    expect(allowedOf(15, () => m.limit("k", sliding))).toBe(5);
    // Two windows on, nothing of the old traffic counts.
    c.set(103 * WINDOW_MS);
    expect(allowedOf(15, () => m.limit("k", sliding))).toBe(10);
  });

  it("resets fixed windows exactly at the boundary, with reset at the window end", () => {
    const c = clock(100 * WINDOW_MS + 59_000);
    const m = createMemoryBackend({ now: c.now });
    const results = Array.from({ length: 11 }, () => m.limit("k", fixed));
    expect(results.filter((r) => r.allowed)).toHaveLength(10);
    expect(results[10]).toMatchObject({ reset: 101 * WINDOW_MS, retryAfterSeconds: 1 });
    c.set(101 * WINDOW_MS);
    expect(allowedOf(11, () => m.limit("k", fixed))).toBe(10);
  });

  it("keeps at most maxKeys keys, dropping the least recently used", () => {
    const c = clock(100 * WINDOW_MS);
    const m = createMemoryBackend({ now: c.now, maxKeys: 100 });
    for (let i = 0; i < 50; i++) m.limit("hot", fixed);
    for (let i = 0; i < 1000; i++) {
      if (i % 10 === 0) m.limit("hot", fixed); // stays recently used
      m.limit(`cold-${i}`, fixed);
    }
    expect(m.size()).toBeLessThanOrEqual(100);
    // "hot" survived eviction, so its count was kept and it is still refused.
    expect(m.limit("hot", fixed).allowed).toBe(false);
  });

  it("sweeps expired keys", () => {
    const c = clock(100 * WINDOW_MS);
    const m = createMemoryBackend({ now: c.now });
    for (let i = 0; i < 500; i++) m.limit(`k-${i}`, sliding);
    expect(m.size()).toBe(500);
    c.set(103 * WINDOW_MS);
    m.limit("fresh", sliding);
    expect(m.size()).toBe(1);
  });
});
