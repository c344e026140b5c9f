// Every API route answers every HTTP method: what it does not implement is a JSON 405
// `method_not_allowed` with an Allow header (Next's own answer is an empty 405). Each route file
// found on disk must export every method, so a new route cannot forget otherMethods.
import { readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { HTTP_METHODS, isMethodFallback } from "@/lib/http/methods";

function routeFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return routeFiles(path);
    return name === "route.ts" ? [path] : [];
  });
}

const ROOT = join(process.cwd(), "app/api");
type Handler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;
const modules = new Map<string, Record<string, unknown>>();
for (const file of routeFiles(ROOT)) {
  modules.set(`/api/${relative(ROOT, file).replace(/\/?route\.ts$/, "")}`, await import(file));
}
const ctx = { params: Promise.resolve({}) };

describe("every API route answers every method", () => {
  it("found the route files", () => {
    expect(modules.size).toBeGreaterThan(40);
  });

  it.each([...modules.keys()])("%s exports every HTTP method", (route) => {
    const mod = modules.get(route) as Record<string, unknown>;
    const missing = HTTP_METHODS.filter((m) => typeof mod[m] !== "function");
    expect(missing, `add: export const { ${missing.join(", ")} } = otherMethods({ ... })`).toEqual([]);
  });
});

describe("a method a route does not implement", () => {
  const cases: [string, string, string][] = [
    ["PUT", "/api/account", "GET, HEAD, PATCH, DELETE, OPTIONS"],
    ["DELETE", "/api/billing/plans", "GET, HEAD, OPTIONS"],
    ["POST", "/api/health", "GET, HEAD, OPTIONS"],
    ["PATCH", "/api/chat", "POST, OPTIONS"],
    ["GET", "/api/stripe/webhook", "POST, OPTIONS"],
    ["HEAD", "/api/stripe/webhook", "POST, OPTIONS"],
    ["DELETE", "/api/auth/[...nextauth]", "GET, HEAD, POST, OPTIONS"],
  ];

  it.each(cases)("%s %s → JSON 405 with Allow: %s", async (method, route, allow) => {
    const handler = (modules.get(route) as Record<string, Handler>)[method] as Handler;
    expect(isMethodFallback(handler)).toBe(true);
    const response = await handler(new Request(`http://app.test${route}`, { method }), ctx);
    expect(response.status).toBe(405);
    expect(response.headers.get("allow")).toBe(allow);
    expect(response.headers.get("content-type")).toContain("application/json");
    const json = (await response.json()) as { error: { code: string; message: string } };
    expect(json.error.code).toBe("method_not_allowed");
    expect(json.error.message).toBeTruthy();
  });

  it("OPTIONS lists the allowed methods; HEAD of a GET route is its GET", async () => {
    const account = modules.get("/api/account") as Record<string, Handler>;
    const options = await (account.OPTIONS as Handler)(
      new Request("http://app.test/api/account", { method: "OPTIONS" }),
      ctx,
    );
    expect(options.status).toBe(204);
    expect(options.headers.get("allow")).toBe("GET, HEAD, PATCH, DELETE, OPTIONS");
    expect(account.HEAD).toBe(account.GET);
    expect(isMethodFallback(account.HEAD)).toBe(false);
    expect(isMethodFallback(account.GET)).toBe(false);
  });
});
