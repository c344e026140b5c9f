// The production server's preload (scripts/url-guard.cjs): a path that is not valid
// percent-encoding answers 400 JSON before Next sees it (Next answered those with a plain 500);
// every other request reaches the server's own listener untouched.
import http from "node:http";
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const require = createRequire(import.meta.url);
let server: http.Server;
let base = "";
const reached: string[] = [];

beforeAll(async () => {
  require("../../scripts/url-guard.cjs");
  // Created after the preload, as Next's start-server does.
  server = http.createServer((req, res) => {
    reached.push(req.url ?? "");
    res.end("next");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe("url guard", () => {
  it.each(["/chat/%E0%A4%A", "/api/conversations/%ZZ", "/v1/models/%", "/admin/users/%C0"])(
    "answers %s with a 400 JSON error that never reaches the app",
    async (path) => {
      const res = await fetch(`${base}${path}`, { method: path.startsWith("/api") ? "POST" : "GET" });
      expect(res.status).toBe(400);
      expect(res.headers.get("content-type")).toContain("application/json");
      expect(await res.json()).toEqual({
        error: { code: "bad_request", message: "The request path is not valid percent-encoding." },
      });
      expect(reached).not.toContain(path);
    },
  );

  it("passes valid paths and leniently encoded query strings through", async () => {
    for (const path of ["/chat", "/api/conversations/a%20b", "/api/health?x=%ZZ", "/caf%C3%A9"]) {
      const res = await fetch(`${base}${path}`);
      expect(await res.text()).toBe("next");
      expect(reached).toContain(path);
    }
  });
});
