// The browser's API client against a real local HTTP server: JSON in and out, one ApiError carrying
// the API's status, code, message and details for every non-2xx answer, and response types derived
// from the route schemas as JSON delivers them (dates and bigints as strings).
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from "vitest";
import type { ConversationSummary } from "@/app/api/conversations/schema";
import { ApiError, requestJson, type WireOf } from "@/components/api-client";

let server: Server;
let base: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => {
      body += c.toString();
    });
    req.on("end", () => {
      if (req.url === "/echo") {
        res.writeHead(200, { "content-type": "application/json" });
        res.end(
          JSON.stringify({ method: req.method, type: req.headers["content-type"], body: JSON.parse(body) }),
        );
      } else if (req.url === "/gone") {
        res.writeHead(204).end();
      } else if (req.url === "/refused") {
        res.writeHead(402, { "content-type": "application/json" });
        res.end(
          JSON.stringify({
            error: { code: "pt_exhausted", message: "Out of PT.", details: { needed: "5" } },
          }),
        );
      } else {
        res.writeHead(502, { "content-type": "text/html" }).end("<html>bad gateway</html>");
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe("requestJson", () => {
  it("sends a body as JSON with POST and answers the parsed body; 204 is undefined", async () => {
    const echoed = await requestJson<{ method: string; type: string; body: unknown }>(`${base}/echo`, {
      body: { planId: "pro" },
    });
    expect(echoed).toEqual({ method: "POST", type: "application/json", body: { planId: "pro" } });
    expect(await requestJson(`${base}/gone`, { method: "DELETE" })).toBeUndefined();
  });

  it("throws one ApiError with the API's status, code, message and details", async () => {
    const error = await requestJson(`${base}/refused`).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({
      status: 402,
      code: "pt_exhausted",
      message: "Out of PT.",
      details: { needed: "5" },
    });
    const html = await requestJson(`${base}/other`).catch((e: unknown) => e);
    expect(html).toMatchObject({ status: 502, code: "error" });
  });

  it("derives the wire type of a response from its route schema", () => {
    expectTypeOf<WireOf<typeof ConversationSummary>>().toEqualTypeOf<{
      id: string;
      title: string;
      model: string;
      createdAt: string;
      updatedAt: string;
    }>();
  });
});
