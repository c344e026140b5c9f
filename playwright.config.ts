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

export default defineConfig({
  testDir: "e2e",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: true,
  reporter: [["list"]],
  timeout: 60_000,
  use: {
    baseURL: `http://127.0.0.1:${port}`,
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
  webServer: {
    command: `./node_modules/.bin/next start -p ${port} -H 127.0.0.1`,
    url: `http://127.0.0.1:${port}/api/health/ready`,
    timeout: 120_000,
    reuseExistingServer: false,
    stdout: "pipe",
    stderr: "pipe",
    env: {
      NEXT_TELEMETRY_DISABLED: "1",
      DATA_DIR: process.env.E2E_DATA_DIR,
      DATABASE_URL: "",
      // The dev mailbox (/dev/mail) is how e2e tests read verification and reset mail; it is only
      // available on the embedded database, so the server runs on PGlite, not TEST_DATABASE_URL.
      EMAIL_DEV_MAILBOX: "1",
      APP_URL: `http://127.0.0.1:${port}`,
      NEXTAUTH_URL: `http://127.0.0.1:${port}`,
      UPSTASH_REDIS_REST_URL: "",
      UPSTASH_REDIS_REST_TOKEN: "",
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
