// The SSRF guard and the retry timing, without a database: which addresses a webhook may reach
// (after DNS, every address), the loopback switch's default, the response size cap, and the
// full-jitter delay's bounds (property-based).
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { classifyAddress } from "@/lib/webhooks-out/address-policy";
import { allowLoopbackTargets, backoffCeilingMs, retryDelayMs } from "@/lib/webhooks-out/policy";
import { checkTarget, safePost } from "@/lib/webhooks-out/safe-post";
import { type Receiver, startReceiver } from "./receiver";

describe("classifyAddress", () => {
  it.each([
    ["8.8.8.8", "public"],
    ["2606:4700::1111", "public"],
    ["127.0.0.1", "loopback"],
    ["127.8.9.10", "loopback"],
    ["::1", "loopback"],
    ["10.1.2.3", "forbidden"],
    ["172.20.0.1", "forbidden"],
    ["192.168.1.1", "forbidden"],
    ["169.254.169.254", "forbidden"],
    ["100.64.0.1", "forbidden"],
    ["0.0.0.0", "forbidden"],
    ["224.0.0.1", "forbidden"],
    ["fd00::1", "forbidden"],
    ["fe80::1", "forbidden"],
    ["::", "forbidden"],
    ["::ffff:10.0.0.1", "forbidden"],
    ["::ffff:127.0.0.1", "loopback"],
    ["::ffff:a9fe:a9fe", "forbidden"],
    ["64:ff9b::192.168.0.1", "forbidden"],
    ["2002:c0a8:0101::1", "forbidden"],
    ["not-an-ip", "forbidden"],
  ])("%s is %s", (address, verdict) => {
    expect(classifyAddress(address)).toBe(verdict);
  });
});

describe("checkTarget", () => {
  const resolve = (map: Record<string, string[]>) => async (host: string) => map[host] ?? [];

  it("refuses other schemes, credentials, and names resolving to any inside address", async () => {
    await expect(checkTarget("ftp://example.com/x", { allowLoopback: true })).rejects.toThrow(/http/);
    await expect(checkTarget("file:///etc/passwd", { allowLoopback: true })).rejects.toThrow(/http/);
    await expect(checkTarget("https://u:p@example.com/", { allowLoopback: true })).rejects.toThrow(
      /credentials/,
    );
    const dns = resolve({ "mixed.test": ["93.184.216.34", "10.0.0.5"], "meta.test": ["169.254.169.254"] });
    await expect(checkTarget("https://mixed.test/", { allowLoopback: true, resolve: dns })).rejects.toThrow(
      /private or reserved/,
    );
    await expect(checkTarget("https://meta.test/", { allowLoopback: true, resolve: dns })).rejects.toThrow(
      /private or reserved/,
    );
    await expect(checkTarget("http://[::1]:8080/", { allowLoopback: false })).rejects.toThrow(/private/);
    await expect(checkTarget("http://127.0.0.1/", { allowLoopback: false })).rejects.toThrow(/private/);
    const ok = await checkTarget("https://hooks.test/x", {
      allowLoopback: false,
      resolve: resolve({ "hooks.test": ["93.184.216.34"] }),
    });
    expect(ok.address).toBe("93.184.216.34");
  });

  it("allows loopback by default only when the app's own origin is loopback", () => {
    const base = { APP_URL: undefined, NEXTAUTH_URL: undefined, PORT: 3000, HOST: undefined };
    expect(allowLoopbackTargets({ ...base, OUTGOING_WEBHOOK_ALLOW_LOOPBACK: undefined })).toBe(true);
    expect(
      allowLoopbackTargets({
        ...base,
        APP_URL: "https://chat.example.com",
        OUTGOING_WEBHOOK_ALLOW_LOOPBACK: undefined,
      }),
    ).toBe(false);
    expect(
      allowLoopbackTargets({
        ...base,
        APP_URL: "https://chat.example.com",
        OUTGOING_WEBHOOK_ALLOW_LOOPBACK: true,
      }),
    ).toBe(true);
    expect(allowLoopbackTargets({ ...base, OUTGOING_WEBHOOK_ALLOW_LOOPBACK: false })).toBe(false);
  });
});

describe("safePost against a real server", () => {
  let rx: Receiver;
  beforeAll(async () => {
    rx = await startReceiver();
  });
  afterAll(async () => rx.close());

  it("reads at most the size cap of a large answer", async () => {
    rx.replies.push({ status: 200, body: "x".repeat(200_000) });
    const res = await safePost(rx.url, "{}", {}, { allowLoopback: true, maxResponseBytes: 1_000 });
    expect(res.ok).toBe(true);
    expect(res.body.length).toBe(1_000);
  });

  it("follows a redirect to an allowed address, refuses one to loopback when loopback is off", async () => {
    rx.replies.push({ status: 307, location: "/second" });
    const followed = await safePost(rx.url, "{}", {}, { allowLoopback: true });
    expect(followed.ok).toBe(true);
    expect(rx.received.at(-1)?.path).toBe("/second");
    const before = rx.received.length;
    const refused = await safePost(rx.url, "{}", {}, { allowLoopback: false });
    expect(refused.ok).toBe(false);
    expect(rx.received.length).toBe(before);
  });

  it("stops after too many redirects", async () => {
    rx.replies.push(...Array.from({ length: 5 }, () => ({ status: 302, location: "/again" })));
    const res = await safePost(rx.url, "{}", {}, { allowLoopback: true, maxRedirects: 3 });
    expect(res).toMatchObject({ ok: false, error: "too many redirects" });
    rx.replies.length = 0;
  });
});

describe("retryDelayMs (full jitter)", () => {
  it("stays in [0, ceiling) and the ceiling doubles up to its cap", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 40 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        (n, r) => {
          const delay = retryDelayMs(n, () => r);
          expect(delay).toBeGreaterThanOrEqual(0);
          expect(delay).toBeLessThan(backoffCeilingMs(n));
          expect(backoffCeilingMs(n + 1)).toBeGreaterThanOrEqual(backoffCeilingMs(n));
          expect(backoffCeilingMs(n + 1)).toBeLessThanOrEqual(2 * backoffCeilingMs(n));
        },
      ),
    );
    expect(backoffCeilingMs(1)).toBe(30_000);
    expect(backoffCeilingMs(40)).toBe(12 * 3_600_000);
  });
});
