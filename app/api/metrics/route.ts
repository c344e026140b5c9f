// Prometheus scrape endpoint: `Authorization: Bearer ${METRICS_TOKEN}`; refused when no token is set.
import { getDb } from "@/lib/db";
import { env } from "@/lib/env";
import { otherMethods } from "@/lib/http/methods";
import { withBearer } from "@/lib/http/wrappers";
import { logger } from "@/lib/logger";
import { renderMetrics } from "@/lib/observability/metrics";
import { refreshStateGauges } from "@/lib/observability/state-gauges";

export const dynamic = "force-dynamic";

export const GET = withBearer(
  "metrics",
  () => env().METRICS_TOKEN,
  // The database is opened inside the handler: one that does not answer must not hide the process
  // metrics (the state gauges keep their last values; the readiness probe reports the database).
  { db: false },
  async () => {
    try {
      await refreshStateGauges(await getDb());
    } catch (err) {
      logger.warn({ err }, "metrics: database state gauges not refreshed");
    }
    const { body, contentType } = await renderMetrics();
    return new Response(body, { headers: { "content-type": contentType, "cache-control": "no-store" } });
  },
);

export const { HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ GET });
