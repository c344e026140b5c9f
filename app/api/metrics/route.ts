// Prometheus scrape endpoint: `Authorization: Bearer ${METRICS_TOKEN}`; refused when no token is set.
import { env } from "@/lib/env";
import { withBearer } from "@/lib/http/wrappers";
import { renderMetrics } from "@/lib/observability/metrics";

export const dynamic = "force-dynamic";

export const GET = withBearer(
  "metrics",
  () => env().METRICS_TOKEN,
  { db: false },
  async () => {
    const { body, contentType } = await renderMetrics();
    return new Response(body, { headers: { "content-type": contentType, "cache-control": "no-store" } });
  },
);
