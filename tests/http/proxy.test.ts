import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import { proxy } from "@/proxy";

const ROUTES = ["/", "/sign-in", "/api/health", "/api/health/ready", "/api/nope", "/some/page?x=1"];

describe("proxy", () => {
  it.each(ROUTES)("sets the security headers and a request id on %s", (path) => {
    const response = proxy(new NextRequest(`http://localhost${path}`));
    const h = response.headers;
    expect(h.get("content-security-policy")).toMatch(/script-src 'self' 'nonce-[^']+' 'strict-dynamic'/);
    expect(h.get("strict-transport-security")).toBe("max-age=63072000; includeSubDomains");
    expect(h.get("x-content-type-options")).toBe("nosniff");
    expect(h.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
    expect(h.get("cross-origin-opener-policy")).toBe("same-origin");
    expect(h.get("permissions-policy")).toContain("camera=()");
    expect(h.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("forwards the nonce and CSP to the app on the request side", () => {
    const response = proxy(new NextRequest("http://localhost/"));
    const csp = response.headers.get("content-security-policy") ?? "";
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
    // NextResponse.next({ request: { headers } }) marks overridden request headers like this.
    expect(response.headers.get("x-middleware-request-x-nonce")).toBe(nonce);
    expect(response.headers.get("x-middleware-request-content-security-policy")).toBe(csp);
  });

  it("echoes a valid incoming request id and replaces an invalid one", () => {
    const ok = proxy(new NextRequest("http://localhost/", { headers: { "x-request-id": "upstream-id-42" } }));
    expect(ok.headers.get("x-request-id")).toBe("upstream-id-42");
    const bad = proxy(
      new NextRequest("http://localhost/", { headers: { "x-request-id": "bad id\twith tab" } }),
    );
    expect(bad.headers.get("x-request-id")).not.toBe("bad id\twith tab");
  });

  it("makes no authorization decision: it never redirects or refuses", () => {
    const response = proxy(new NextRequest("http://localhost/admin"));
    expect(response.status).toBe(200);
    expect(response.headers.get("location")).toBeNull();
  });
});
