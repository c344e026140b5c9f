// The real SDK against a local ingest endpoint: an error captured from a route carries the
// request id tag and the user id, and nothing else about the user or request body.
import { createServer, type Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { captureServerError, initSentry, sentryEnabled } from "@/lib/observability/sentry";

describe("sentry SDK (local ingest)", () => {
  let server: Server;
  const envelopes: string[] = [];
  let port = 0;
  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = "";
      req.on("data", (chunk) => {
        body += chunk;
      });
      req.on("end", () => {
        envelopes.push(body);
        res.writeHead(200, { "content-type": "application/json" }).end("{}");
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const address = server.address();
    port = typeof address === "object" && address ? address.port : 0;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  it("sends a scrubbed event with requestId and user id", async () => {
    await initSentry(`http://publickey@127.0.0.1:${port}/1`, "test");
    expect(sentryEnabled()).toBe(true);
    captureServerError(new Error("settle exploded"), {
      requestId: "req-abcdef12",
      userId: "user-1",
      route: "/api/chat",
    });
    const Sentry = await import("@sentry/nextjs");
    await Sentry.flush(5_000);
    const event = envelopes
      .flatMap((e) => e.split("\n"))
      .map((line) => {
        try {
          return JSON.parse(line) as Record<string, unknown>;
        } catch {
          return {};
        }
      })
      .find((item) => item.exception);
    expect(event).toBeDefined();
    expect(event?.tags).toMatchObject({ requestId: "req-abcdef12", route: "/api/chat" });
    expect(event?.user).toEqual({ id: "user-1" });
    expect(event?.environment).toBe("test");
  });
});
