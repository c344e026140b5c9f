// The route wrappers: every malformed request gets a JSON 4xx, never a 500 or HTML.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { resetEnvForTests } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { clientIp } from "@/lib/http/client-ip";
import { withPublic } from "@/lib/http/route";
import { safeEqual, withAdmin, withCron, withUser } from "@/lib/http/wrappers";

const ctx = { params: Promise.resolve({}) };

// The wrapper hands every handler the process-wide client; these tests need no real database, so a
// marker object stands in for it (getDb() answers what is installed on globalThis).
const fakeDb = { marker: "the process-wide client" };
beforeAll(() => {
  (globalThis as { __ledgerchatDb?: unknown }).__ledgerchatDb = { client: Promise.resolve(fakeDb) };
});
afterAll(() => {
  delete (globalThis as { __ledgerchatDb?: unknown }).__ledgerchatDb;
});
const Body = z.object({ name: z.string().min(1).max(20), count: z.number().int().nonnegative() });
const echo = withPublic({ body: Body, rateLimit: false }, async ({ body }) => ({ got: body }));

function post(
  body: BodyInit | null,
  headers: Record<string, string> = { "content-type": "application/json" },
) {
  return new Request("http://localhost/api/echo", { method: "POST", body, headers });
}

async function expectError(response: Response, status: number, code: string) {
  expect(response.status).toBe(status);
  expect(response.headers.get("content-type")).toContain("application/json");
  const json = (await response.json()) as { error: { code: string; requestId?: string } };
  expect(json.error.code).toBe(code);
  expect(json.error.requestId).toBe(response.headers.get("x-request-id"));
  return json;
}

describe("defineRoute input handling", () => {
  it("passes a valid body to the handler", async () => {
    const response = await echo(post(JSON.stringify({ name: "a", count: 2 })), ctx);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ got: { name: "a", count: 2 } });
  });

  it("refuses malformed JSON with 400", async () => {
    await expectError(await echo(post("{not json"), ctx), 400, "invalid_json");
    await expectError(await echo(post(""), ctx), 400, "invalid_json");
  });

  it("refuses wrong types with 422 and field paths", async () => {
    const json = await expectError(
      await echo(post(JSON.stringify({ name: 5, count: -1 })), ctx),
      422,
      "validation_failed",
    );
    const paths = ((json.error as unknown as { details: { path: string }[] }).details ?? []).map(
      (d) => d.path,
    );
    expect(paths.sort()).toEqual(["count", "name"]);
    await expectError(await echo(post(JSON.stringify([1, 2])), ctx), 422, "validation_failed");
    await expectError(await echo(post("null"), ctx), 422, "validation_failed");
  });

  it("refuses a huge body with 413, by header and by streamed size", async () => {
    const big = JSON.stringify({ name: "x".repeat(200_000), count: 1 });
    await expectError(await echo(post(big), ctx), 413, "payload_too_large");
    const stream = new ReadableStream({
      start(controller) {
        for (let i = 0; i < 100; i++) controller.enqueue(new TextEncoder().encode("x".repeat(1024)));
        controller.close();
      },
    });
    const request = new Request("http://localhost/api/echo", {
      method: "POST",
      body: stream,
      headers: { "content-type": "application/json" },
      duplex: "half",
    } as RequestInit);
    await expectError(await echo(request, ctx), 413, "payload_too_large");
  });

  it("refuses a non-JSON content type with 415", async () => {
    await expectError(
      await echo(post("name=a", { "content-type": "application/x-www-form-urlencoded" }), ctx),
      415,
      "unsupported_media_type",
    );
  });

  it("validates the query string", async () => {
    const list = withPublic(
      { query: z.object({ limit: z.coerce.number().int().min(1).max(100).default(20) }), rateLimit: false },
      async ({ query }) => ({ limit: query.limit }),
    );
    expect(await (await list(new Request("http://localhost/api/x?limit=5"), ctx)).json()).toEqual({
      limit: 5,
    });
    await expectError(
      await list(new Request("http://localhost/api/x?limit=abc"), ctx),
      422,
      "validation_failed",
    );
  });

  it("maps AppError to its status and hides unknown errors behind a generic 500", async () => {
    const conflict = withPublic({ rateLimit: false }, async () => {
      throw new AppError("conflict", "Already done.");
    });
    await expectError(await conflict(new Request("http://localhost/x"), ctx), 409, "conflict");
    const boom = withPublic({ rateLimit: false }, async () => {
      throw new Error("duplicate key value violates unique constraint secret_column");
    });
    const response = await boom(new Request("http://localhost/x"), ctx);
    const text = await response.clone().text();
    expect(text).not.toContain("secret_column");
    await expectError(response, 500, "internal");
  });

  it("echoes a valid incoming request id", async () => {
    const ok = withPublic({ rateLimit: false }, async () => ({ ok: true }));
    const response = await ok(
      new Request("http://localhost/x", { headers: { "x-request-id": "trace-abcdef12" } }),
      ctx,
    );
    expect(response.headers.get("x-request-id")).toBe("trace-abcdef12");
  });
});

describe("route context", () => {
  it("hands the handler the database client", async () => {
    const route = withPublic({ rateLimit: false }, async ({ db }) => ({ same: db === (fakeDb as unknown) }));
    expect(await (await route(new Request("http://localhost/x"), ctx)).json()).toEqual({ same: true });
  });

  it("a route declared db: false cannot reach the database", async () => {
    const route = withPublic({ rateLimit: false, db: false }, async ({ db }) => ({ db: typeof db }));
    await expectError(await route(new Request("http://localhost/x"), ctx), 500, "internal");
  });

  it("parses path params with the route's schema; a mismatch is a 404", async () => {
    const route = withPublic(
      { rateLimit: false, params: z.object({ id: z.uuid(), n: z.coerce.number().int() }) },
      async ({ params }) => ({ id: params.id, next: params.n + 1 }),
    );
    const id = "7f0c1d2e-0000-4000-8000-000000000001";
    const ok = await route(new Request("http://localhost/x"), { params: Promise.resolve({ id, n: "41" }) });
    expect(await ok.json()).toEqual({ id, next: 42 });
    const bad = await route(new Request("http://localhost/x"), {
      params: Promise.resolve({ id: "not-a-uuid", n: "1" }),
    });
    await expectError(bad, 404, "not_found");
  });

  it("without a params schema, params stay the raw strings (catch-all segments joined)", async () => {
    const route = withPublic({ rateLimit: false }, async ({ params }) => params);
    const response = await route(new Request("http://localhost/x"), {
      params: Promise.resolve({ id: "abc", path: ["a", "b"] }),
    });
    expect(await response.json()).toEqual({ id: "abc", path: "a/b" });
  });
});

describe("authentication wrappers", () => {
  it("withUser and withAdmin refuse anonymous callers with 401", async () => {
    const user = withUser({ rateLimit: false }, async () => ({ secret: true }));
    await expectError(await user(new Request("http://localhost/x"), ctx), 401, "unauthorized");
    const admin = withAdmin({ rateLimit: false }, async () => ({ secret: true }));
    await expectError(await admin(new Request("http://localhost/x"), ctx), 401, "unauthorized");
  });

  describe("withCron", () => {
    const job = withCron({}, async () => ({ ran: true }));
    const call = (auth?: string) =>
      job(new Request("http://localhost/api/cron/x", { headers: auth ? { authorization: auth } : {} }), ctx);

    beforeEach(() => {
      process.env.CRON_SECRET = "cron-secret-for-tests-0123456789";
      resetEnvForTests();
    });
    afterEach(() => {
      delete process.env.CRON_SECRET;
      resetEnvForTests();
    });

    it("accepts the right bearer token only", async () => {
      expect((await call("Bearer cron-secret-for-tests-0123456789")).status).toBe(200);
      await expectError(await call(), 401, "unauthorized");
      await expectError(await call("Bearer wrong"), 401, "unauthorized");
      await expectError(await call("cron-secret-for-tests-0123456789"), 401, "unauthorized");
    });

    it("refuses everything when no secret is configured", async () => {
      delete process.env.CRON_SECRET;
      resetEnvForTests();
      await expectError(await call("Bearer "), 401, "unauthorized");
      await expectError(await call("Bearer undefined"), 401, "unauthorized");
    });
  });

  it("safeEqual compares exactly", () => {
    expect(safeEqual("abc", "abc")).toBe(true);
    expect(safeEqual("abc", "abd")).toBe(false);
    expect(safeEqual("abc", "abcd")).toBe(false);
    expect(safeEqual("", "")).toBe(true);
  });
});

describe("clientIp", () => {
  const ipOf = (xff?: string, realIp?: string) =>
    clientIp(
      new Request("http://localhost/", {
        headers: {
          ...(xff === undefined ? {} : { "x-forwarded-for": xff }),
          ...(realIp ? { "x-real-ip": realIp } : {}),
        },
      }),
    );
  afterEach(() => {
    delete process.env.TRUSTED_PROXY_HOPS;
    resetEnvForTests();
  });

  it("takes the entry written by the one trusted proxy, never what the client put before it", () => {
    expect(ipOf("203.0.113.9")).toBe("203.0.113.9");
    // A client sending its own X-Forwarded-For cannot pick the address the limits key on.
    expect(ipOf("1.2.3.4, 203.0.113.9")).toBe("203.0.113.9");
    expect(ipOf(" 1.2.3.4 ,203.0.113.9 , ")).toBe("203.0.113.9");
    expect(ipOf(undefined, "198.51.100.2")).toBe("198.51.100.2");
    expect(ipOf()).toBe("127.0.0.1");
  });

  it("counts TRUSTED_PROXY_HOPS proxies from the right", () => {
    process.env.TRUSTED_PROXY_HOPS = "2";
    resetEnvForTests();
    expect(ipOf("1.2.3.4, 203.0.113.9, 10.0.0.2")).toBe("203.0.113.9");
    // Fewer entries than hops: the leftmost one (nothing further left exists to forge).
    expect(ipOf("203.0.113.9")).toBe("203.0.113.9");
  });
});
