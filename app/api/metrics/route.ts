// Prometheus scrape endpoint: `Authorization: Bearer ${METRICS_TOKEN}`; refused when no token is set.
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { defineRoute } from "@/lib/http/route";
import { safeEqual } from "@/lib/http/wrappers";
import { renderMetrics } from "@/lib/observability/metrics";

export const dynamic = "force-dynamic";

export const GET = defineRoute(
  async (base) => {
    const token = env().METRICS_TOKEN;
    const header = base.request.headers.get("authorization") ?? "";
    if (!token || !header.startsWith("Bearer ") || !safeEqual(header.slice(7), token)) {
      throw new AppError("unauthorized");
    }
    return { kind: "metrics" as const };
  },
  { rateLimit: false },
  async () => {
    const { body, contentType } = await renderMetrics();
    return new Response(body, { headers: { "content-type": contentType, "cache-control": "no-store" } });
  },
);
