// Uploaded logo and favicon: SVG sanitised by DOMPurify (no script, handler, foreign object or
// external reference survives), PNG/ICO checked by magic bytes, admins only, audited; the logo
// becomes the identity's logo URL; /favicon.ico serves the upload or a built-in SVG.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DELETE as removeRoute, POST as uploadRoute } from "@/app/api/admin/settings/assets/route";
import { GET as logoRoute } from "@/app/api/brand/logo/route";
import { GET as faviconRoute } from "@/app/favicon.ico/route";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { sanitizeSvg } from "@/lib/settings/brand-assets";
import { getOperatorSettings } from "@/lib/settings/operator";
import { installAppDb, setupAuthEnv } from "@/tests/auth/helpers";
import { createTestDatabase, type TestDatabase } from "@/tests/helpers/db";
import { ctx, freshCaches, get, type Handler, post, signedIn } from "./helpers";

const EVIL_SVG = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10" onload="alert(1)">
<script>alert(2)</script><circle cx="5" cy="5" r="4" fill="red" onclick="alert(3)"/>
<a href="javascript:alert(4)"><rect width="2" height="2"/></a>
<foreignObject><iframe src="https://evil.example"></iframe></foreignObject>
<image href="https://tracker.example/p.png"/></svg>`;
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
const b64 = (s: string | Buffer) => Buffer.from(s).toString("base64");

function del(body: unknown, cookie: string): Request {
  return new Request("http://app.test/api/admin/settings/assets", {
    method: "DELETE",
    headers: { "content-type": "application/json", origin: "http://app.test", cookie },
    body: JSON.stringify(body),
  });
}

describe("sanitizeSvg", () => {
  it("keeps the drawing and removes every active or external part", async () => {
    const clean = await sanitizeSvg(EVIL_SVG);
    expect(clean).toMatch(/^<svg/);
    expect(clean).toContain("<circle");
    for (const bad of [
      "script",
      "onload",
      "onclick",
      "javascript:",
      "foreignObject",
      "iframe",
      "tracker.example",
    ]) {
      expect(clean).not.toContain(bad);
    }
  });
  it("refuses what is not an SVG", async () => {
    await expect(sanitizeSvg("<html><body>hi</body></html>")).rejects.toThrow(/not a usable SVG/);
    await expect(sanitizeSvg("<script>alert(1)</script>")).rejects.toThrow(/not a usable SVG/);
  });
});

describe("brand asset upload", () => {
  let db: TestDatabase;
  let p: PrismaClient;
  const upload = uploadRoute as Handler;

  beforeAll(async () => {
    setupAuthEnv({ OPERATOR_PRODUCT_NAME: "Quokka Chat", OPERATOR_ACCENT_COLOR: "#112233" });
    db = await createTestDatabase();
    p = db.prisma;
    installAppDb(p);
  });
  afterAll(async () => db.cleanup());

  it("refuses non-admins and bad files, storing nothing", async () => {
    freshCaches();
    const admin = await signedIn(p, "ADMIN");
    const user = await signedIn(p);
    const body = { kind: "logo", contentType: "image/svg+xml", data: b64(EVIL_SVG) };
    expect((await upload(post("/api/admin/settings/assets", body, user.cookie), ctx)).status).toBe(403);
    const cases = [
      { kind: "logo", contentType: "image/svg+xml", data: b64("<html>nope</html>") },
      { kind: "logo", contentType: "image/png", data: b64("GIF89a not a png") },
      { kind: "logo", contentType: "image/x-icon", data: b64(Buffer.from([0, 0, 1, 0, 1])) },
      { kind: "logo", contentType: "image/gif", data: b64("GIF89a") },
      { kind: "banner", contentType: "image/png", data: b64(PNG) },
      { kind: "logo", contentType: "image/png", data: "not base64!" },
    ];
    for (const c of cases) {
      const res = await upload(post("/api/admin/settings/assets", c, admin.cookie), ctx);
      expect(res.status, JSON.stringify(c)).toBe(422);
    }
    expect(await p.operatorSetting.count()).toBe(0);
    expect(await p.auditLog.count({ where: { action: "settings.asset" } })).toBe(0);
  });

  it("an uploaded SVG logo is sanitised, served with a script-free CSP and becomes the logo URL", async () => {
    freshCaches();
    const admin = await signedIn(p, "ADMIN");
    const res = await upload(
      post(
        "/api/admin/settings/assets",
        { kind: "logo", contentType: "image/svg+xml", data: b64(EVIL_SVG) },
        admin.cookie,
      ),
      ctx,
    );
    expect(res.status).toBe(200);
    const { url } = await res.json();
    expect(url).toMatch(/^\/api\/brand\/logo\?v=[0-9a-f]{12}$/);
    expect((await getOperatorSettings(p)).logoUrl).toBe(url);
    const served = await (logoRoute as Handler)(get(url), ctx);
    expect(served.headers.get("content-type")).toBe("image/svg+xml");
    expect(served.headers.get("content-security-policy")).toContain("default-src 'none'");
    const svg = await served.text();
    expect(svg).toContain("<circle");
    expect(svg).not.toContain("script");
    expect(await p.auditLog.count({ where: { action: "settings.asset", actorId: admin.id } })).toBe(1);

    const removed = await (removeRoute as Handler)(del({ kind: "logo" }, admin.cookie), ctx);
    expect(removed.status).toBe(200);
    expect((await getOperatorSettings(p)).logoUrl).toBeUndefined();
    expect((await (logoRoute as Handler)(get("/api/brand/logo"), ctx)).status).toBe(404);
  });

  it("/favicon.ico: the built-in initial, then the uploaded PNG", async () => {
    freshCaches();
    const admin = await signedIn(p, "ADMIN");
    const builtIn = await (faviconRoute as Handler)(get("/favicon.ico"), ctx);
    expect(builtIn.status).toBe(200);
    expect(builtIn.headers.get("content-type")).toBe("image/svg+xml");
    const svg = await builtIn.text();
    expect(svg).toContain('fill="#112233"');
    expect(svg).toContain(">Q</text>");
    const res = await upload(
      post(
        "/api/admin/settings/assets",
        { kind: "favicon", contentType: "image/png", data: b64(PNG) },
        admin.cookie,
      ),
      ctx,
    );
    expect(res.status).toBe(200);
    const png = await (faviconRoute as Handler)(get("/favicon.ico"), ctx);
    expect(png.headers.get("content-type")).toBe("image/png");
    expect(Buffer.from(await png.arrayBuffer())).toEqual(PNG);
  });
});
