// /docs/api's assets come from the app itself: the Scalar bundle route answers the package's
// standalone script (which the page's nonce lets run), and the page points it at the document.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

describe("/docs/api", () => {
  it("serves Scalar's standalone bundle from node_modules as JavaScript", async () => {
    const { GET } = await import("@/app/docs/api/scalar.js/route");
    const res = await GET(new Request("http://localhost/docs/api/scalar.js"), {
      params: Promise.resolve({}),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/javascript/);
    const body = await res.text();
    expect(body).toContain("createApiReference");
    expect(body.length).toBeGreaterThan(100_000);
    // No font from Scalar's servers (the page's CSP would refuse it).
    expect(body).not.toContain("fonts.scalar.com");
  });

  it("renders the OpenAPI document with no fonts, telemetry or proxy from Scalar's servers", () => {
    const source = readFileSync("components/docs/api-reference.tsx", "utf8");
    expect(source).toContain('url: "/api/openapi.json"');
    expect(source).toContain("withDefaultFonts: false");
    expect(source).toContain("telemetry: false");
    expect(source).not.toMatch(/proxyUrl|https?:\/\//);
    // The version in the bundle's URL is the installed one (no stale cache after an upgrade).
    const pkg = JSON.parse(readFileSync("node_modules/@scalar/api-reference/package.json", "utf8")) as {
      version: string;
    };
    expect(readFileSync("app/docs/api/page.tsx", "utf8")).toContain(`SCALAR_VERSION = "${pkg.version}"`);
  });
});
