import { describe, expect, it } from "vitest";
import {
  contentSecurityPolicy,
  generateNonce,
  isValidRequestId,
  resolveRequestId,
  staticSecurityHeaders,
} from "@/lib/http/security-headers";

describe("request ids", () => {
  it("keeps a well-formed incoming id and replaces anything else", () => {
    expect(resolveRequestId("abc-12345678")).toBe("abc-12345678");
    for (const bad of [
      null,
      "",
      "short",
      "x".repeat(129),
      "has space here",
      "line\nbreak-123",
      "<script>1234",
    ]) {
      expect(isValidRequestId(bad)).toBe(false);
      expect(resolveRequestId(bad)).toMatch(/^[0-9a-f-]{36}$/);
    }
  });
});

describe("content security policy", () => {
  it("gives scripts a nonce and never unsafe-inline", () => {
    const nonce = generateNonce();
    const csp = contentSecurityPolicy(nonce, false);
    const scriptSrc = csp.split("; ").find((d) => d.startsWith("script-src")) ?? "";
    expect(scriptSrc).toContain(`'nonce-${nonce}'`);
    expect(scriptSrc).not.toContain("unsafe-inline");
    expect(scriptSrc).not.toContain("unsafe-eval");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
  });

  it("adds unsafe-eval only in development", () => {
    expect(contentSecurityPolicy("n", true)).toMatch(/script-src [^;]*'unsafe-eval'/);
  });

  it("generates a fresh, unguessable nonce each time", () => {
    const nonces = new Set(Array.from({ length: 1000 }, generateNonce));
    expect(nonces.size).toBe(1000);
    for (const n of nonces) expect(n).toMatch(/^[A-Za-z0-9+/]{22}==$/);
  });

  it("sets the required static headers", () => {
    const h = staticSecurityHeaders();
    expect(h["Strict-Transport-Security"]).toBe("max-age=63072000; includeSubDomains");
    expect(h["X-Content-Type-Options"]).toBe("nosniff");
    expect(h["Referrer-Policy"]).toBe("strict-origin-when-cross-origin");
    expect(h["Cross-Origin-Opener-Policy"]).toBe("same-origin");
    expect(h["Permissions-Policy"]).toContain("camera=()");
    expect(h["Permissions-Policy"]).toContain("microphone=()");
    expect(h["Permissions-Policy"]).toContain("geolocation=()");
  });
});
