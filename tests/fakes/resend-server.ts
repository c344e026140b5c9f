// A local HTTP server speaking the part of Resend's API the provider uses: POST /emails with a
// Bearer key, answering { id } (200) or Resend's error shape { statusCode, name, message }.
// Like Resend, a repeated Idempotency-Key returns the first response instead of a second email.
import { randomUUID } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";

export type ResendEmailRequest = {
  body: Record<string, unknown>;
  idempotencyKey: string | undefined;
  authorization: string | undefined;
};

export type FakeResendServer = {
  url: string;
  apiKey: string;
  /** Requests that created an email (duplicates by idempotency key are not counted). */
  emails: ResendEmailRequest[];
  requests: number;
  /** Answer the next n requests with this status (500: transient, 422: permanent). */
  failNext(n: number, status?: number): void;
  close(): Promise<void>;
};

export async function startFakeResendServer(apiKey = "re_test_key"): Promise<FakeResendServer> {
  let failuresLeft = 0;
  let failStatus = 500;
  const byKey = new Map<string, string>();

  const state: Pick<FakeResendServer, "emails" | "requests" | "failNext"> = {
    emails: [],
    requests: 0,
    failNext(n, status = 500) {
      failuresLeft = n;
      failStatus = status;
    },
  };

  const send = (res: http.ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { "content-type": "application/json" });
    res.end(JSON.stringify(body));
  };

  const server = http.createServer((req, res) => {
    let raw = "";
    req.setEncoding("utf8");
    req.on("data", (chunk: string) => {
      raw += chunk;
    });
    req.on("end", () => {
      state.requests += 1;
      if (req.method !== "POST" || req.url !== "/emails") {
        send(res, 404, { statusCode: 404, name: "not_found", message: "Not found" });
        return;
      }
      if (req.headers.authorization !== `Bearer ${apiKey}`) {
        send(res, 401, { statusCode: 401, name: "missing_api_key", message: "Missing API key" });
        return;
      }
      if (failuresLeft > 0) {
        failuresLeft -= 1;
        const name = failStatus >= 500 ? "internal_server_error" : "validation_error";
        send(res, failStatus, { statusCode: failStatus, name, message: `fake failure ${failStatus}` });
        return;
      }
      const key = req.headers["idempotency-key"];
      const idempotencyKey = typeof key === "string" ? key : undefined;
      const previous = idempotencyKey ? byKey.get(idempotencyKey) : undefined;
      if (previous) {
        send(res, 200, { id: previous });
        return;
      }
      const id = randomUUID();
      if (idempotencyKey) byKey.set(idempotencyKey, id);
      state.emails.push({
        body: JSON.parse(raw) as Record<string, unknown>,
        idempotencyKey,
        authorization: req.headers.authorization,
      });
      send(res, 200, { id });
    });
  });

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(state, {
    apiKey,
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
}
