import { describe, expect, it } from "vitest";
import { forgetCached, ttlCache } from "@/lib/ttl-cache";

describe("ttlCache", () => {
  it("answers an entry for ttlMs, then forgets it", () => {
    const c = ttlCache<number>(null, 100);
    c.set("a", 1, 1_000);
    expect(c.get("a", 1_099)).toBe(1);
    expect(c.get("a", 1_100)).toBeUndefined();
    expect(c.get("a", 1_050)).toBeUndefined(); // gone, not merely hidden
  });

  it("caches null as a value, distinct from a miss", () => {
    const c = ttlCache<string | null>(null, 100);
    c.set("n", null, 0);
    expect(c.get("n", 1)).toBeNull();
    expect(c.get("other", 1)).toBeUndefined();
  });

  it("deletes one entry, matching entries, or all", () => {
    const c = ttlCache<{ user: string }>(null, 1_000);
    c.set("s1", { user: "u1" }, 0);
    c.set("s2", { user: "u1" }, 0);
    c.set("s3", { user: "u2" }, 0);
    c.delete("s3");
    expect(c.get("s3", 1)).toBeUndefined();
    c.set("s3", { user: "u2" }, 0);
    c.deleteWhere((v) => v.user === "u1");
    expect([c.get("s1", 1), c.get("s2", 1), c.get("s3", 1)]).toEqual([undefined, undefined, { user: "u2" }]);
    c.clear();
    expect(c.get("s3", 1)).toBeUndefined();
  });

  it("stays bounded: a full cache starts over", () => {
    const c = ttlCache<number>(null, 1_000, 3);
    for (const k of ["a", "b", "c"]) c.set(k, 1, 0);
    c.set("a", 2, 0); // an existing key never evicts
    expect(c.get("b", 1)).toBe(1);
    c.set("d", 1, 0);
    expect([c.get("a", 1), c.get("b", 1), c.get("d", 1)]).toEqual([undefined, undefined, 1]);
  });

  it("shares a named cache between callers (one per server bundle in Next)", () => {
    const one = ttlCache<number>("test-shared", 1_000);
    const two = ttlCache<number>("test-shared", 1_000);
    one.set("k", 5, 0);
    expect(two.get("k", 1)).toBe(5);
    two.delete("k");
    expect(one.get("k", 1)).toBeUndefined();
    expect(ttlCache<number>(null, 1_000).get("k", 1)).toBeUndefined();
  });

  it("forgets one key of a named cache by name, without a handle on the cache", () => {
    const owner = ttlCache<number>("test-forget", 1_000);
    owner.set("a", 1, 0);
    owner.set("b", 2, 0);
    forgetCached("test-forget", "a");
    expect(owner.get("a", 1)).toBeUndefined();
    expect(owner.get("b", 1)).toBe(2);
    expect(() => forgetCached("never-created", "a")).not.toThrow();
  });
});
