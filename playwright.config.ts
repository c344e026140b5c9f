// End-to-end tests in real Chromium against the production build (`next build` runs first in
// `npm test`). The app runs on its embedded defaults with a fresh PGlite directory per run.
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { defineConfig, devices } from "@playwright/test";

const port = Number(process.env.E2E_PORT ?? 3100);
process.env.E2E_DATA_DIR ??= mkdtempSync(join(tmpdir(), "ledgerchat-e2e-"));
const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
export const E2E_CRON_SECRET = "e2e-cron-secret-0123456789";
export const E2E_METRICS_TOKEN = "e2e-metrics-token-0123456789";
/** Unset for a newcomer who runs scripts/start.sh; blanked here whatever the calling shell has. */
const NEWCOMER_UNSET = [
  "DATABASE_URL",
  "APP_URL",
  "NEXTAUTH_URL",
  "EMAIL_DEV_MAILBOX",
  "RESEND_API_KEY",
  "SMTP_URL",
  "STRIPE_SECRET_KEY",
  "STRIPE_WEBHOOK_SECRET",
  "UPSTASH_REDIS_REST_URL",
  "UPSTASH_REDIS_REST_TOKEN",
  "OPENAI_API_KEY",
  "ANTHROPIC_API_KEY",
  "OPENAI_COMPATIBLE_BASE_URL",
];

export default defineConfig({
  testDir: "e2e",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: true,
  reporter: [["list"]],
  // An admin sign-in may wait up to one TOTP step (30 s) for an unspent code (e2e/support/admin.ts).
  timeout: 90_000,
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    // Every spec starts with the cookie banner answered ("Reject all"), so the fixed banner covers
    // nothing; e2e/consent.spec.ts starts without it.
    storageState: {
      cookies: [
        {
          name: "lc_consent",
          value: "1.00",
          domain: "127.0.0.1",
          path: "/",
          expires: -1,
          httpOnly: false,
          secure: false,
          sameSite: "Lax",
        },
      ],
      origins: [],
    },
    trace: "off",
    launchOptions: {
      executablePath: existsSync(chromium) ? chromium : undefined,
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
    },
  },
  projects: [{ name: "chromium", use: { ...devices["Desktop Chrome"] } }],
  // The server a newcomer gets: scripts/serve.sh (what scripts/start.sh runs after building) with
  // no configuration. The dev mailbox and APP_URL come from the app's own defaults (loopback host,
  // embedded database, no email provider); variables a developer's shell may carry are blanked so
  // they cannot make the suite pass where a newcomer's run would not. The rest are test knobs.
  webServer: {
    command: "bash scripts/serve.sh",
    url: `http://127.0.0.1:${port}/api/health/ready`,
    timeout: 120_000,
    reuseExistingServer: false,
    stdout: "pipe",
    stderr: "pipe",
    env: {
      PORT: String(port),
      HOST: "",
      DATA_DIR: process.env.E2E_DATA_DIR,
      ...Object.fromEntries(NEWCOMER_UNSET.map((name) => [name, ""])),
      LOG_LEVEL: "warn",
      // Chat e2e: a realistic but quick demo pace.
      DEMO_MODEL_DELAY_MS: "40",
      // Operations endpoints are refused without these; e2e/ops.spec.ts uses them.
      CRON_SECRET: E2E_CRON_SECRET,
      METRICS_TOKEN: E2E_METRICS_TOKEN,
      // Admin e2e: a webhook effect that fails once is dead at once (replayed from /admin/webhooks).
      WEBHOOK_MAX_ATTEMPTS: "1",
    },
  },
});
