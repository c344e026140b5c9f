// Readiness: each dependency is checked with a timeout so a hung database cannot hang the probe.
import { pingDatabase } from "@/lib/db";
import { checkRateLimiterHealth } from "@/lib/ratelimit/limiter";

export type ReadinessReport = {
  status: "ok" | "unavailable";
  checks: { database: "ok" | "down"; ratelimit: "ok" | "memory" | "degraded" };
};

async function withTimeout<T>(promise: Promise<T>, ms: number, fallback: T): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<T>((resolve) => {
    timer = setTimeout(() => resolve(fallback), ms);
  });
  try {
    return await Promise.race([promise.catch(() => fallback), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export async function checkReadiness(): Promise<ReadinessReport> {
  const [dbOk, ratelimit] = await Promise.all([
    withTimeout(pingDatabase(), 3000, false),
    withTimeout(checkRateLimiterHealth(), 2000, "degraded" as const),
  ]);
  // The rate limiter degrading to memory is not a reason to stop serving: the ledger hold guards money.
  return {
    status: dbOk ? "ok" : "unavailable",
    checks: { database: dbOk ? "ok" : "down", ratelimit },
  };
}
