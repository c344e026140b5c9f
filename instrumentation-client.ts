// Browser error tracking, only when NEXT_PUBLIC_SENTRY_DSN was set at build time (Next inlines
// NEXT_PUBLIC_* here, so this file reads it directly). Without it the SDK is never downloaded.
const dsn = process.env.NEXT_PUBLIC_SENTRY_DSN;

if (dsn) {
  void Promise.all([import("@sentry/nextjs"), import("@/lib/observability/sentry")]).then(
    ([Sentry, { sentryOptions }]) => {
      Sentry.init(sentryOptions(dsn, process.env.NODE_ENV));
    },
  );
}
