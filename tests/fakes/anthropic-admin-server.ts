// A fake of Anthropic's Admin API cost report: a real HTTP server answering
// GET /v1/organizations/cost_report with the documented wire format (daily buckets, `amount` as a
// decimal string in cents, `has_more` / `next_page` paging), checking the x-api-key header.
import { once } from "node:events";
import type { Server } from "node:http";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

export type CostResult = { amount: string; currency?: string; description?: string | null };

export type FakeAnthropicAdmin = {
  baseUrl: string;
  /** Query strings of the requests seen, in order. */
  requests: URLSearchParams[];
  close(): Promise<void>;
};

/** Serves `pages` in order through next_page tokens; any other key answers 401. */
export async function startFakeAnthropicAdmin(input: {
  adminKey: string;
  pages: CostResult[][];
}): Promise<FakeAnthropicAdmin> {
  const requests: URLSearchParams[] = [];
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://fake");
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(body));
    };
    if (req.method !== "GET" || url.pathname !== "/v1/organizations/cost_report") {
      send(404, { type: "error", error: { type: "not_found_error", message: "Not found" } });
      return;
    }
    if (req.headers["x-api-key"] !== input.adminKey || !req.headers["anthropic-version"]) {
      send(401, { type: "error", error: { type: "authentication_error", message: "invalid x-api-key" } });
      return;
    }
    requests.push(url.searchParams);
    const index = Number((url.searchParams.get("page") ?? "page_0").slice("page_".length));
    const results = input.pages[index] ?? [];
    const startingAt = url.searchParams.get("starting_at") ?? "";
    const endingAt = url.searchParams.get("ending_at") ?? "";
    const hasMore = index + 1 < input.pages.length;
    send(200, {
      data: [
        {
          starting_at: startingAt,
          ending_at: endingAt,
          results: results.map((r) => ({
            currency: "USD",
            description: null,
            cost_type: null,
            context_window: null,
            model: null,
            service_tier: null,
            token_type: null,
            workspace_id: null,
            ...r,
          })),
        },
      ],
      has_more: hasMore,
      next_page: hasMore ? `page_${index + 1}` : null,
    });
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
