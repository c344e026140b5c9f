// A real HTTP server that receives outgoing webhooks and verifies each with the standardwebhooks
// library (never the code under test). Its answer per request is scripted: status, delay, redirect.
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Webhook } from "standardwebhooks";

export type Received = {
  path: string;
  headers: Record<string, string>;
  body: string;
  /** The secrets (by index in `secrets`) whose verification passed. */
  verifiedWith: number[];
};
export type Reply = { status?: number; delayMs?: number; location?: string; body?: string };

export type Receiver = {
  url: string;
  received: Received[];
  /** Secrets the receiver verifies with. */
  secrets: string[];
  /** Next replies, in order; when empty, `fallback`. */
  replies: Reply[];
  fallback: Reply;
  close(): Promise<void>;
};

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

export async function startReceiver(): Promise<Receiver> {
  const state = {
    received: [] as Received[],
    secrets: [] as string[],
    replies: [] as Reply[],
    fallback: { status: 204 } as Reply,
  };
  const server: Server = createServer(async (req, res) => {
    const body = await readBody(req);
    const headers = Object.fromEntries(
      Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(",") : (v ?? "")]),
    );
    const verifiedWith: number[] = [];
    state.secrets.forEach((secret, i) => {
      try {
        new Webhook(secret).verify(body, headers);
        verifiedWith.push(i);
      } catch {
        // not signed with this secret
      }
    });
    state.received.push({ path: req.url ?? "/", headers, body, verifiedWith });
    const reply = state.replies.shift() ?? state.fallback;
    if (reply.delayMs) await new Promise((r) => setTimeout(r, reply.delayMs));
    if (res.destroyed) return;
    res.statusCode = reply.status ?? 204;
    if (reply.location) res.setHeader("location", reply.location);
    res.end(reply.body ?? "");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(state, {
    url: `http://127.0.0.1:${port}/hook`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
}
