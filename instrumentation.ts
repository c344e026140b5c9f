// Runs once when a server process starts (Node and edge runtimes). Node: a bad environment value
// stops the process (exit 1, naming the variable) before it serves anything; Sentry when SENTRY_DSN
// is set; refuse a production deployment without NEXTAUTH_SECRET (instead of failing on the first
// sign-in); on the embedded database, open PGlite, apply pending migrations and seed on first start
// (so the first request does not pay for it); the in-process cron scheduler on the embedded
// default or with CRON_IN_PROCESS=1; print the app's URL and the mailbox's. OpenTelemetry tracing
// (Node only) when TRACING=1 or OTEL_EXPORTER_OTLP_ENDPOINT is set, registered before anything
// else loads so Prisma and fetch are instrumented from the first request. Edge: Sentry only.
export async function register(): Promise<void> {
  // NEXT_RUNTIME and NEXT_PHASE are set by Next itself (not configuration), so they are read here directly.
  if (process.env.NEXT_PHASE === "phase-production-build") return;
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { exitOnInvalidEnv } = await import("@/lib/env-exit");
    exitOnInvalidEnv();
  }
  // Edge has no process.exit; there env() throws and Next reports it.
  const { env } = await import("@/lib/env");
  const e = env();
  const { tracingRequested } = await import("@/lib/tracing");
  const tracing = process.env.NEXT_RUNTIME === "nodejs" && tracingRequested(e);
  if (process.env.NEXT_RUNTIME === "nodejs" && tracing) {
    const { registerTracing } = await import("@/lib/observability/tracing");
    registerTracing(e);
  }
  const { initSentry } = await import("@/lib/observability/sentry");
  await initSentry(e.SENTRY_DSN, e.SENTRY_ENVIRONMENT ?? e.NODE_ENV, { tracing });
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { assertAuthConfig } = await import("@/lib/auth/secret");
  assertAuthConfig();
  const { getDb } = await import("@/lib/db");
  const { seedOnFirstStart } = await import("@/lib/admin/seed");
  await seedOnFirstStart(await getDb());
  const { startupBanner } = await import("@/lib/observability/startup-banner");
  // Printed, not logged: it is for the person who ran scripts/start.sh, at any LOG_LEVEL.
  process.stdout.write(`${startupBanner(e)}\n`);
  const { shouldRunInProcess, startInProcessScheduler } = await import("@/lib/cron/scheduler");
  if (shouldRunInProcess(e)) startInProcessScheduler({ getDb });
}

/** Errors Next catches in pages, server components and actions, reported with the request id. */
export async function onRequestError(
  ...args: Parameters<typeof import("@sentry/nextjs").captureRequestError>
) {
  const { captureRequestError } = await import("@/lib/observability/sentry");
  captureRequestError(...args);
}
