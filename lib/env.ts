// The one reader of process.env. Every variable is parsed and validated here once, so a bad
// value fails at startup with a message naming the variable, never later on a request path.
import { z } from "zod";
import { type FlagValues, parseFlagList } from "@/lib/feature-flags";

const optionalString = z
  .string()
  .trim()
  .transform((v) => (v === "" ? undefined : v))
  .optional();

const optionalUrl = optionalString.pipe(z.url().optional());

const boolish = z
  .enum(["1", "0", "true", "false", ""])
  .optional()
  .transform((v) => v === "1" || v === "true");

/**
 * An empty or blank variable (as in a copied .env.example) means "not set": it is dropped before
 * validation, so every variable gets its default or stays undefined — never "" coerced to 0, an
 * empty enum or a too-short string.
 */
function dropBlankValues(source: unknown): unknown {
  if (typeof source !== "object" || source === null) return source;
  return Object.fromEntries(
    Object.entries(source).filter(([, v]) => !(typeof v === "string" && v.trim() === "")),
  );
}

const EnvObject = z
  .object({
    NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
    // Public base URL (links in mail, Stripe return URLs). Unset: the URL this server listens on
    // (http://HOST:PORT), see appOrigin().
    APP_URL: optionalUrl,
    // Where `next start` listens (scripts/serve.sh passes both; Next's own default host is 0.0.0.0).
    PORT: z.coerce.number().int().min(1).max(65_535).default(3000),
    HOST: optionalString,
    LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
    LOG_PRETTY: boolish,

    // Database: Postgres when set, otherwise embedded PGlite under DATA_DIR.
    DATABASE_URL: optionalString.pipe(
      z
        .string()
        .regex(/^postgres(ql)?:\/\//, "must be a postgres:// or postgresql:// URL")
        .optional(),
    ),
    // Named prepared statements (parse and plan once per connection). Set 0 behind a pooler in
    // transaction mode that does not support them (PgBouncer < 1.21 without max_prepared_statements).
    DATABASE_PREPARED_STATEMENTS: z
      .enum(["1", "0", "true", "false", ""])
      .optional()
      .transform((v) => v !== "0" && v !== "false"),
    DATA_DIR: z.string().default(".data"),

    // Proxies in front of the app that append to X-Forwarded-For (1: Vercel or one reverse proxy).
    TRUSTED_PROXY_HOPS: z.coerce.number().int().min(1).max(10).default(1),
    // Rate limiting: Upstash Redis when both are set, otherwise the in-process limiter.
    UPSTASH_REDIS_REST_URL: optionalUrl,
    UPSTASH_REDIS_REST_TOKEN: optionalString,

    // Money: how many PT one US dollar of list price buys.
    PT_PER_USD: z.coerce.number().int().positive().default(100_000),

    // Auth.
    NEXTAUTH_SECRET: optionalString.pipe(z.string().min(32, "must be at least 32 characters").optional()),
    NEXTAUTH_URL: optionalUrl,
    // Sessions: idle timeout and absolute lifetime (docs/security.md).
    SESSION_IDLE_MINUTES: z.coerce
      .number()
      .int()
      .min(5)
      .max(60 * 24 * 90)
      .default(60 * 24),
    SESSION_MAX_DAYS: z.coerce.number().int().min(1).max(365).default(30),
    // PT granted to a new guest (trial); 0 disables the trial.
    GUEST_TRIAL_PT: z.coerce.bigint().nonnegative().default(20_000n),
    // Optional OAuth sign-in: each provider is on when both of its variables are set.
    GITHUB_ID: optionalString,
    GITHUB_SECRET: optionalString,
    GOOGLE_CLIENT_ID: optionalString,
    GOOGLE_CLIENT_SECRET: optionalString,

    // LLM providers: each switches on by its key (or base URL) alone; none set → the demo model only.
    OPENAI_API_KEY: optionalString,
    OPENAI_BASE_URL: optionalUrl,
    ANTHROPIC_API_KEY: optionalString,
    ANTHROPIC_BASE_URL: optionalUrl,
    // Anthropic prompt caching of the conversation prefix: a 5-minute (default) or 1-hour cache
    // lifetime, or off. Cache reads bill at 0.1x input, writes at 1.25x (5 min) or 2x (1 h).
    ANTHROPIC_PROMPT_CACHE: z.preprocess(
      (v) => (typeof v === "string" && v.trim() === "" ? undefined : v),
      z.enum(["off", "5m", "1h"]).default("5m"),
    ),
    OPENAI_COMPATIBLE_BASE_URL: optionalUrl,
    OPENAI_COMPATIBLE_API_KEY: optionalString,
    /** Comma list of model ids served at OPENAI_COMPATIBLE_BASE_URL; each needs a price row. */
    OPENAI_COMPATIBLE_MODELS: optionalString.transform((v) =>
      (v ?? "")
        .split(",")
        .map((m) => m.trim())
        .filter((m) => m !== ""),
    ),
    /** Pause between the demo model's chunks, in ms (tests use 0-5). */
    DEMO_MODEL_DELAY_MS: z.coerce.number().int().min(0).max(5_000).default(25),

    // Cron and metrics.
    CRON_SECRET: optionalString.pipe(z.string().min(16, "must be at least 16 characters").optional()),

    // Email: Resend when RESEND_API_KEY is set, SMTP when SMTP_URL is set (both: Resend, then SMTP as
    // its fallback), else the dev mailbox.
    RESEND_API_KEY: optionalString,
    RESEND_BASE_URL: optionalUrl,
    SMTP_URL: optionalString.pipe(
      z
        .string()
        .regex(/^smtps?:\/\//, "must be an smtp:// or smtps:// URL")
        .optional(),
    ),
    EMAIL_FROM: z.string().trim().min(3).default("Ledgerchat <no-reply@ledgerchat.local>"),
    EMAIL_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(8),
    // /dev/mail in a production build (next start): unset → on when the embedded database has no
    // email provider and the server listens on loopback only (scripts/start.sh); 1 forces it on
    // (embedded database only), 0 off. See isDevMailboxEnabled().
    EMAIL_DEV_MAILBOX: z
      .enum(["1", "0", "true", "false", ""])
      .optional()
      .transform((v) => (v === "1" || v === "true" ? true : v === "0" || v === "false" ? false : undefined)),
    // Billing (Stripe). Without STRIPE_SECRET_KEY checkout runs in test mode (no real payment).
    STRIPE_SECRET_KEY: optionalString.pipe(
      z
        .string()
        .regex(/^(sk|rk)_/, "must start with sk_ or rk_")
        .optional(),
    ),
    STRIPE_WEBHOOK_SECRET: optionalString.pipe(
      z.string().startsWith("whsec_", "must start with whsec_").optional(),
    ),
    STRIPE_WEBHOOK_SECRET_PREVIOUS: optionalString.pipe(
      z.string().startsWith("whsec_", "must start with whsec_").optional(),
    ),
    /** Tests only: point the Stripe SDK at a local fake server. */
    STRIPE_API_BASE: optionalUrl,
    STRIPE_PRICE_PRO: optionalString,
    STRIPE_PRICE_MAX: optionalString,
    STRIPE_PRICE_PACK_SMALL: optionalString,
    STRIPE_PRICE_PACK_MEDIUM: optionalString,
    STRIPE_PRICE_PACK_LARGE: optionalString,
    STRIPE_PRICE_TEAM_SEAT: optionalString,
    BILLING_CURRENCY: z
      .string()
      .trim()
      .toLowerCase()
      .default("usd")
      .pipe(z.enum(["usd", "inr", "eur", "gbp"], "must be usd, inr, eur or gbp")),
    // 1: Stripe Tax on checkouts (and the subscriptions they start): billing address and tax id
    // collected, tax computed by Stripe (needs Stripe Tax set up in the Stripe dashboard).
    STRIPE_AUTOMATIC_TAX: boolish,
    PRORATION_BEHAVIOR: z.enum(["create_prorations", "none", "always_invoice"]).default("create_prorations"),
    WEBHOOK_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(8),
    // Outgoing webhooks (docs/webhooks.md): automatic attempts before a delivery is dead, days of
    // unbroken failure before an endpoint is disabled, total time per attempt (connect: 3 s).
    OUTGOING_WEBHOOK_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(30).default(12),
    OUTGOING_WEBHOOK_DISABLE_AFTER_DAYS: z.coerce.number().int().min(1).max(90).default(5),
    OUTGOING_WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(1_000).max(60_000).default(10_000),
    // Loopback targets (127.0.0.0/8, ::1) for outgoing webhooks: unset → allowed only when the
    // app's own origin is loopback (the embedded default; no public APP_URL); 1 forces on, 0 off.
    // Private, link-local and reserved addresses are always refused.
    OUTGOING_WEBHOOK_ALLOW_LOOPBACK: z
      .enum(["1", "0", "true", "false", ""])
      .optional()
      .transform((v) => (v === "1" || v === "true" ? true : v === "0" || v === "false" ? false : undefined)),
    // 1 to run the cron jobs in this process even with DATABASE_URL (always on the embedded default).
    CRON_IN_PROCESS: boolish,
    // 1 only in bench/chat's server: enables POST /api/bench/bare-proxy, the "bare streaming proxy"
    // baseline (no auth, metering or saving). Off (the default), that route answers 404.
    BENCH_BARE_PROXY: boolish,
    // Bearer token for GET /api/metrics (Prometheus). Unset: the endpoint refuses every call.
    METRICS_TOKEN: optionalString.pipe(z.string().min(16, "must be at least 16 characters").optional()),
    // Nightly reconciliation alerts when a model's or provider's margin falls under this percent.
    // (An empty value means the default, not 0: dropBlankValues removes it before z.coerce.)
    MARGIN_ALERT_THRESHOLD: z.coerce.number().min(0).max(100).default(40),

    // Price sync (docs/pricing.md): a price list in LiteLLM's model_prices_and_context_window.json
    // format, fetched nightly (unset: the snapshot shipped in lib/pricing/sync/litellm-snapshot.json).
    PRICE_SYNC_URL: optionalUrl,
    // Alert when a provider price moves by more than this percent.
    PRICE_CHANGE_ALERT_PERCENT: z.preprocess(
      (v) => (typeof v === "string" && v.trim() === "" ? undefined : v),
      z.coerce.number().min(0).max(1000).default(10),
    ),
    // A synced provider-cost change takes effect this many hours after the sync (sale prices never
    // change without an admin).
    PRICE_COST_DELAY_HOURS: z.preprocess(
      (v) => (typeof v === "string" && v.trim() === "" ? undefined : v),
      z.coerce
        .number()
        .int()
        .min(0)
        .max(24 * 30)
        .default(24),
    ),

    // Provider cost check in the nightly reconciliation: an OpenAI admin key (organization costs API)...
    OPENAI_ADMIN_KEY: optionalString,
    // ... and an Anthropic Admin API key (sk-ant-admin..., cost report).
    ANTHROPIC_ADMIN_KEY: optionalString,
    // Cost anomaly detection (the nightly "alerts" job, docs/admin.md): a user's or a model's PT
    // spend of a day is an anomaly above ANOMALY_FACTOR × its median of the 14 days before AND above
    // ANOMALY_FLOOR_PT. The factor (1 to 1000, at most two decimals) is parsed into integer
    // hundredths (3 → 300n, 2.5 → 250n), so the comparison stays integer arithmetic.
    ANOMALY_FACTOR: z
      .string()
      .trim()
      .regex(/^[0-9]{1,4}(\.[0-9]{1,2})?$/, "must be a number with at most two decimals, e.g. 3 or 2.5")
      .default("3")
      .transform((v) => {
        const [whole = "0", frac = ""] = v.split(".");
        return BigInt(whole) * 100n + BigInt(frac.padEnd(2, "0"));
      })
      .refine((h) => h >= 100n && h <= 100_000n, "must be between 1 and 1000"),
    ANOMALY_FLOOR_PT: z.coerce.bigint().positive().default(500_000n),

    // Operator identity (lib/settings): defaults of the admin settings page (/admin/settings).
    // (Empty, as in a copied .env.example, means the default.)
    OPERATOR_PRODUCT_NAME: optionalString
      .pipe(z.string().max(60, "must be at most 60 characters").optional())
      .transform((v) => v ?? "Ledgerchat"),
    OPERATOR_LOGO_URL: optionalString.pipe(
      z
        .string()
        .regex(/^(https:\/\/|\/)[^\s"'<>]*$/, "must be an https:// URL or a path on this site")
        .optional(),
    ),
    OPERATOR_ACCENT_COLOR: optionalString.pipe(
      z
        .string()
        .regex(/^#[0-9a-fA-F]{6}$/, "must be a #rrggbb colour")
        .optional(),
    ),
    OPERATOR_LEGAL_ENTITY: optionalString,
    OPERATOR_LEGAL_ADDRESS: optionalString,
    OPERATOR_SUPPORT_EMAIL: optionalString.pipe(z.email().optional()),
    OPERATOR_JURISDICTION: optionalString,
    OPERATOR_GOVERNING_LAW: optionalString,
    OPERATOR_VAT_ID: optionalString,
    // Privacy (lib/privacy): days between an account deletion request and the erasure (signing in
    // cancels it meanwhile); 0 erases at the next run of the data-cleanup job.
    ACCOUNT_DELETION_GRACE_DAYS: z.coerce.number().int().min(0).max(90).default(7),
    // Retention (lib/privacy/retention.ts, the daily "retention" job; 0 = keep): conversation text
    // after its last message (default keep), bodies of sent mail, ended sessions, the audit log, and
    // logs (stored API request bodies, cron run records).
    RETENTION_CONVERSATION_DAYS: z.coerce.number().int().min(0).max(36_500).default(0),
    RETENTION_EMAIL_DAYS: z.coerce.number().int().min(0).max(36_500).default(30),
    RETENTION_SESSION_DAYS: z.coerce.number().int().min(1).max(36_500).default(30),
    RETENTION_AUDIT_DAYS: z.coerce.number().int().min(0).max(36_500).default(0),
    RETENTION_LOG_DAYS: z.coerce.number().int().min(0).max(36_500).default(30),
    // Google Analytics 4 measurement id (G-XXXXXXX): loaded only after the visitor consents to
    // analytics, with the CSP widened for Google's hosts only while it is set.
    ANALYTICS_GA4_ID: optionalString.pipe(
      z
        .string()
        .regex(/^G-[A-Z0-9]{4,16}$/, "must be a GA4 measurement id like G-ABC123")
        .optional(),
    ),

    // Feature flags (lib/feature-flags.ts): "teams=off,public_api=on". An admin override on
    // /admin/flags wins over these; a flag named in neither keeps its default.
    FEATURE_FLAGS: z
      .string()
      .optional()
      .transform((text, ctx): FlagValues => {
        const { values, problems } = parseFlagList(text ?? "");
        for (const message of problems) ctx.addIssue({ code: "custom", message });
        return values;
      }),

    // Tracing (OpenTelemetry through @vercel/otel, lib/observability/tracing.ts): off unless
    // TRACING=1 or an OTLP endpoint is set; TRACING=0 keeps it off even then.
    TRACING: z
      .enum(["1", "0", "true", "false", ""])
      .optional()
      .transform((v) => (v === "1" || v === "true" ? true : v === "0" || v === "false" ? false : undefined)),
    // OTLP/HTTP collector base URL (spans go to <url>/v1/traces), e.g. http://otel-collector:4318.
    // Read by @vercel/otel itself, as are OTEL_EXPORTER_OTLP_HEADERS ("key=value,...", e.g. an API
    // key of a hosted backend), OTEL_EXPORTER_OTLP_PROTOCOL and OTEL_SERVICE_NAME; parsed here so a
    // bad value stops startup.
    OTEL_EXPORTER_OTLP_ENDPOINT: optionalUrl,
    OTEL_EXPORTER_OTLP_HEADERS: optionalString.pipe(
      z
        .string()
        .regex(/^[^=,\s]+=[^,]*(,[^=,\s]+=[^,]*)*$/, "must be key=value pairs separated by commas")
        .optional(),
    ),
    OTEL_EXPORTER_OTLP_PROTOCOL: z.enum(["http/protobuf", "http/json"]).optional(),
    OTEL_SERVICE_NAME: optionalString.transform((v) => v ?? "ledgerchat"),
    // Share of traces kept (0..1, default 1: every trace). A trace started upstream keeps the
    // caller's decision (parent-based sampling).
    TRACING_SAMPLE_RATIO: z.coerce.number().min(0).max(1).default(1),

    // Error tracking (Sentry): server/edge DSN, browser DSN (build-time), environment name.
    SENTRY_DSN: optionalUrl,
    NEXT_PUBLIC_SENTRY_DSN: optionalUrl,
    SENTRY_ENVIRONMENT: optionalString,
  })
  .superRefine((v, ctx) => {
    if (v.OPENAI_COMPATIBLE_MODELS.length > 0 && !v.OPENAI_COMPATIBLE_BASE_URL) {
      ctx.addIssue({
        code: "custom",
        path: ["OPENAI_COMPATIBLE_BASE_URL"],
        message: "is required when OPENAI_COMPATIBLE_MODELS is set",
      });
    }
    for (const [a, b] of [
      ["GITHUB_ID", "GITHUB_SECRET"],
      ["GOOGLE_CLIENT_ID", "GOOGLE_CLIENT_SECRET"],
    ] as const) {
      if (Boolean(v[a]) !== Boolean(v[b])) {
        ctx.addIssue({ code: "custom", path: [v[a] ? b : a], message: `${a} and ${b} must be set together` });
      }
    }
    if (Boolean(v.UPSTASH_REDIS_REST_URL) !== Boolean(v.UPSTASH_REDIS_REST_TOKEN)) {
      ctx.addIssue({
        code: "custom",
        path: [v.UPSTASH_REDIS_REST_URL ? "UPSTASH_REDIS_REST_TOKEN" : "UPSTASH_REDIS_REST_URL"],
        message: "UPSTASH_REDIS_REST_URL and UPSTASH_REDIS_REST_TOKEN must be set together",
      });
    }
    if (v.NODE_ENV === "production" && v.STRIPE_SECRET_KEY && !v.STRIPE_WEBHOOK_SECRET) {
      ctx.addIssue({
        code: "custom",
        path: ["STRIPE_WEBHOOK_SECRET"],
        message: "is required in production when STRIPE_SECRET_KEY is set",
      });
    }
  });

export const EnvSchema = z.preprocess(dropBlankValues, EnvObject);

export type Env = z.output<typeof EnvObject>;

export class EnvError extends Error {
  constructor(readonly issues: { variable: string; message: string }[]) {
    super(
      `Invalid environment configuration:\n${issues.map((i) => `  ${i.variable}: ${i.message}`).join("\n")}`,
    );
    this.name = "EnvError";
  }
}

/** Parses an environment record; throws EnvError naming every bad variable. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = EnvSchema.safeParse(source);
  if (result.success) return result.data;
  throw new EnvError(
    result.error.issues.map((issue) => ({
      variable: String(issue.path[0] ?? "(environment)"),
      message: issue.message,
    })),
  );
}

const LOOPBACK = new Set(["localhost", "127.0.0.1", "::1", "[::1]"]);

/** A host name that only this machine can reach (what start.sh binds to unless HOST says otherwise). */
export function isLoopbackHost(host: string | undefined): boolean {
  if (!host) return false;
  const h = host.toLowerCase();
  return LOOPBACK.has(h) || h.endsWith(".localhost") || /^127\.\d+\.\d+\.\d+$/.test(h);
}

/**
 * The app's public origin without a trailing slash: APP_URL, else NEXTAUTH_URL, else the URL this
 * server listens on (http://HOST:PORT; a wildcard or unset HOST is reached as localhost), so links
 * in mail are right on any port with no configuration.
 */
export function appOrigin(e: Pick<Env, "APP_URL" | "NEXTAUTH_URL" | "PORT" | "HOST"> = env()): string {
  const configured = e.APP_URL ?? e.NEXTAUTH_URL;
  if (configured) return configured.replace(/\/+$/, "");
  const host = !e.HOST || e.HOST === "0.0.0.0" || e.HOST === "::" ? "localhost" : e.HOST;
  const shown = host.includes(":") && !host.startsWith("[") ? `[${host}]` : host;
  return `http://${shown}:${e.PORT}`;
}

/**
 * next-auth v4 reads process.env.NEXTAUTH_URL itself, and an empty value (an .env copied from
 * .env.example) makes every auth request fail with "Invalid URL". Point it at the app's origin
 * when it is unset or empty; called before each next-auth request.
 */
export function applyNextAuthUrlDefault(e: Env = env()): void {
  if (!process.env.NEXTAUTH_URL?.trim()) process.env.NEXTAUTH_URL = appOrigin(e);
}

let cached: Env | undefined;

/** The validated environment of this process (parsed on first use, then cached). */
export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

/** Tests only: forget the cached environment so the next env() call re-reads process.env. */
export function resetEnvForTests(): void {
  cached = undefined;
}
