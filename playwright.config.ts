// End-to-end tests in real Chromium against the production build (`next build` runs first in
// `npm test`). The app runs on its embedded defaults with a fresh PGlite directory per run.
import { existsSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { defineConfig, devices } from "@playwright/test";

const port = Number(process.env.E2E_PORT ?? 3100);
process.env.E2E_DATA_DIR ??= mkdtempSync(join(tmpdir(), "ledgerchat-e2e-"));
const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
/** Specs that change what every other test sees: the product's name and Terms version, a flag. */
const GLOBAL_SPECS = ["compliance.spec.ts", "flags.spec.ts"];
/** Specs that sign in as the seeded admin, found by their import so a new one cannot be missed. */
const ADMIN_SPECS = readdirSync("e2e").filter(
  (file) =>
    file.endsWith(".spec.ts") &&
    !GLOBAL_SPECS.includes(file) &&
    readFileSync(join("e2e", file), "utf8").includes("./support/admin"),
);
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
  // Two workers: most of a test's time is spent waiting on the server (streamed replies, a TOTP
  // step), so a second one shortens the run even on two cores. Specs run whole in one worker
  // (not fully parallel); the projects below keep apart the specs that cannot share the server.
  fullyParallel: false,
  workers: 2,
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
  // - "chromium": specs that touch only their own users and guests, two at a time.
  // - "admin": specs that sign in as the one seeded admin (its TOTP steps are spent in order and
  //   the first of them takes the account over), one at a time beside the others.
  // - "global": specs that change what every other test sees (the product's name and Terms
  //   version, the public_api flag), alone at the end.
  // The admin project comes first so that its specs start at once beside the others.
  projects: [
    { name: "admin", use: { ...devices["Desktop Chrome"] }, testMatch: ADMIN_SPECS, workers: 1 },
    {
      name: "chromium",
      use: { ...devices["Desktop Chrome"] },
      testIgnore: [...ADMIN_SPECS, ...GLOBAL_SPECS],
    },
    {
      name: "global",
      use: { ...devices["Desktop Chrome"] },
      testMatch: GLOBAL_SPECS,
      workers: 1,
      dependencies: ["chromium", "admin"],
    },
  ],
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
