// Sustained mixed load on the production build and Postgres (autocannon): guests chatting (a new
// guest per turn), signed-in users chatting and reading their balance and ledger, and Stripe
// webhook deliveries of which every other one is a duplicate — all at once, for 10 minutes. It
// reports throughput, p50/p95/p99 and the status codes per scenario, the server's memory over time
// (resident set from its own /api/metrics), then checks the money: the ledger invariants, no hold
// left open, PT charged by usage equal to the sum of the messages' charges, and every invoice
// credited exactly once whatever the duplicates. Exit 1 on any 5xx or money mismatch.
//   npm run build && TEST_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/test npx tsx bench/load/run.ts
//   env: BENCH_LOAD_SECONDS (600), BENCH_PORT_LOAD (3297); BENCH_SMOKE=1: 20 s, the same checks.
import { randomBytes, randomUUID } from "node:crypto";
import autocannon from "autocannon";
import pg from "pg";
import Stripe from "stripe";
import { planProduct } from "@/lib/billing/catalog";
import { addMonth, buildEvent, invoiceObject, unix } from "@/lib/billing/test-objects";
import { createPrismaClientForUrl } from "@/lib/db";
import { migrateUrl } from "@/lib/db/migrate";
import { ENTITLEMENTS } from "@/lib/entitlements";
import { ensureAccount } from "@/lib/ledger/accounts";
import { checkLedgerInvariants } from "@/lib/ledger/invariants";
import { addPrice } from "@/lib/pricing/prices";
import { startFakeProvider } from "@/tests/fakes/openai-compatible-server";
import { MODEL, makeUsers, PROMPT, startServer } from "../chat/fixtures";
import { SMOKE } from "../smoke";

const SECONDS = SMOKE ? 20 : Number(process.env.BENCH_LOAD_SECONDS ?? 600);
const PORT = Number(process.env.BENCH_PORT_LOAD ?? 3297);
const BASE = new URL(process.env.TEST_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/test");
const WEBHOOK_SECRET = "whsec_load_0123456789abcdef0123456789";
const METRICS_TOKEN = "load-metrics-token-0123456789";
const SUBSCRIBERS = 100;
const stripe = new Stripe("sk_test_load", { telemetry: false });

type Scenario = {
  name: string;
  latencies: number[];
  statuses: Map<number, number>;
  result?: autocannon.Result;
};

async function admin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: BASE.toString() });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

let ip = 0;
const nextIp = () => `10.${(++ip >> 16) & 255}.${(ip >> 8) & 255}.${ip & 255}`;

function run(scenario: Scenario, options: autocannon.Options): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    const instance = autocannon({ ...options, duration: SECONDS, timeout: 60 }, (error, result) =>
      error ? reject(error) : resolve(result),
    );
    instance.on("response", (_client, statusCode, _bytes, responseTime) => {
      scenario.latencies.push(responseTime);
      scenario.statuses.set(statusCode, (scenario.statuses.get(statusCode) ?? 0) + 1);
    });
  });
}

async function main(): Promise<void> {
  const dbName = `lc_load_${randomBytes(4).toString("hex")}`;
  await admin((c) => c.query(`CREATE DATABASE "${dbName}"`));
  const url = new URL(BASE.toString());
  url.pathname = `/${dbName}`;
  const fake = await startFakeProvider();
  const prisma = createPrismaClientForUrl(url.toString());
  let server: Awaited<ReturnType<typeof startServer>> | undefined;
  let failed = false;
  try {
    await migrateUrl(url.toString());
    await addPrice(prisma, {
      provider: "compatible",
      model: MODEL,
      ptPerMInput: 1_000_000n,
      ptPerMOutput: 2_000_000n,
      costMicroUsdPerMInput: 0n,
      costMicroUsdPerMOutput: 0n,
      tier: "free",
      effectiveFrom: new Date("2025-01-01T00:00:00Z"),
    });
    const secret = randomBytes(36).toString("base64");
    const users = await makeUsers(prisma, secret, SMOKE ? 60 : 400);

    // Pro subscribers whose renewal invoices the webhook scenario delivers (each one twice).
    const pro = planProduct("pro");
    const priceId = pro.priceId ?? "";
    const tag = randomBytes(4).toString("hex");
    const subscribers = Array.from({ length: SUBSCRIBERS }, () => randomUUID());
    await prisma.user.createMany({
      data: subscribers.map((id) => ({
        id,
        email: `${id}@load.test`,
        emailVerifiedAt: new Date(),
        plan: "pro",
      })),
    });
    await prisma.billingCustomer.createMany({
      data: subscribers.map((userId, i) => ({ userId, stripeCustomerId: `cus_${tag}_${i}` })),
    });
    const start = new Date();
    await prisma.billingSubscription.createMany({
      data: subscribers.map((userId, i) => ({
        id: `sub_${tag}_${i}`,
        userId,
        stripeCustomerId: `cus_${tag}_${i}`,
        plan: "pro" as const,
        priceId,
        status: "active",
        currentPeriodEnd: addMonth(start),
      })),
    });
    for (const userId of subscribers) await ensureAccount(prisma, { kind: "user", userId });
    const invoiceEvent = (n: number): string => {
      const u = n % SUBSCRIBERS;
      const from = new Date(start.getTime() + Math.floor(n / SUBSCRIBERS) * 31 * 86_400_000);
      const invoice = invoiceObject({
        id: `in_${tag}_${n}`,
        customer: `cus_${tag}_${u}`,
        subscription: `sub_${tag}_${u}`,
        subscriptionMetadata: {},
        lines: [{ priceId, amount: Number(pro.amountMinor), start: unix(from), end: unix(addMonth(from)) }],
        billingReason: "subscription_cycle",
        status: "paid",
        currency: "usd",
        created: unix(from),
      });
      return JSON.stringify(buildEvent("invoice.paid", invoice, unix(from), `evt_${tag}_${n}`));
    };

    server = await startServer({
      name: "load",
      dir: process.cwd(),
      port: PORT,
      nodeOptions: "",
      env: {
        NODE_ENV: "production",
        NEXT_TELEMETRY_DISABLED: "1",
        DATABASE_URL: url.toString(),
        NEXTAUTH_SECRET: secret,
        NEXTAUTH_URL: `http://127.0.0.1:${PORT}`,
        APP_URL: `http://127.0.0.1:${PORT}`,
        OPENAI_COMPATIBLE_BASE_URL: fake.baseUrl,
        OPENAI_COMPATIBLE_MODELS: MODEL,
        STRIPE_SECRET_KEY: "",
        STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
        METRICS_TOKEN,
        UPSTASH_REDIS_REST_URL: "",
        UPSTASH_REDIS_REST_TOKEN: "",
        LOG_LEVEL: "warn",
      },
    });
    const origin = `http://127.0.0.1:${PORT}`;

    // Memory of the server over time, from its own process metrics.
    const memory: Array<{ at: number; rssMb: number }> = [];
    const sampleMemory = async () => {
      const text = await fetch(`${origin}/api/metrics`, {
        headers: { authorization: `Bearer ${METRICS_TOKEN}` },
      }).then((r) => r.text());
      const rss = /^process_resident_memory_bytes\{[^}]*\} (\d+)/m.exec(text)?.[1];
      if (rss)
        memory.push({
          at: memory.length === 0 ? 0 : (performance.now() - t0) / 1000,
          rssMb: Number(rss) / 2 ** 20,
        });
    };
    const t0 = performance.now();
    await sampleMemory();
    const sampler = setInterval(() => void sampleMemory().catch(() => undefined), SMOKE ? 10_000 : 30_000);

    const chatBody = JSON.stringify({ model: MODEL, message: PROMPT });
    let userTurn = 0;
    let delivery = 0;
    const scenarios: Scenario[] = [
      "guests chatting",
      "users chatting + reads",
      "webhooks (½ duplicates)",
    ].map((name) => ({ name, latencies: [], statuses: new Map() }));
    const [guests, signedIn, webhooks] = scenarios as [Scenario, Scenario, Scenario];
    const results = await Promise.all([
      run(guests, {
        url: origin,
        connections: 3,
        requests: [
          {
            method: "POST",
            path: "/api/guest",
            setupRequest: (req) => ({ ...req, headers: { ...req.headers, "x-forwarded-for": nextIp() } }),
            onResponse: (_status, _body, context, headers) => {
              const cookie = String(headers?.["set-cookie"] ?? "").split(";")[0];
              (context as { cookie?: string }).cookie = cookie;
            },
          },
          {
            method: "POST",
            path: "/api/chat",
            setupRequest: (req, context) => ({
              ...req,
              body: chatBody,
              headers: {
                ...req.headers,
                "content-type": "application/json",
                cookie: (context as { cookie?: string }).cookie ?? "",
                "x-forwarded-for": nextIp(),
              },
            }),
          },
        ],
      }),
      run(signedIn, {
        url: origin,
        connections: 3,
        requests: [
          {
            method: "POST",
            path: "/api/chat",
            setupRequest: (req, context) => {
              const cookie = users[userTurn++ % users.length] ?? "";
              (context as { cookie?: string }).cookie = cookie;
              return {
                ...req,
                body: chatBody,
                headers: { ...req.headers, "content-type": "application/json", cookie },
              };
            },
          },
          {
            method: "GET",
            path: "/api/pt/balance",
            setupRequest: (req, context) => ({
              ...req,
              headers: { ...req.headers, cookie: (context as { cookie?: string }).cookie ?? "" },
            }),
          },
          {
            method: "GET",
            path: "/api/pt/ledger",
            setupRequest: (req, context) => ({
              ...req,
              headers: { ...req.headers, cookie: (context as { cookie?: string }).cookie ?? "" },
            }),
          },
        ],
      }),
      run(webhooks, {
        url: origin,
        connections: 2,
        requests: [
          {
            method: "POST",
            path: "/api/stripe/webhook",
            setupRequest: (req) => {
              // Every odd delivery repeats the previous event: half the deliveries are duplicates.
              const k = delivery++;
              const body = invoiceEvent(k % 2 === 1 ? (k - 1) / 2 : k / 2);
              const signature = stripe.webhooks.generateTestHeaderString({
                payload: body,
                secret: WEBHOOK_SECRET,
              });
              return {
                ...req,
                body,
                headers: {
                  ...req.headers,
                  "content-type": "application/json",
                  "stripe-signature": signature,
                },
              };
            },
          },
        ],
      }),
    ]);
    clearInterval(sampler);
    scenarios.forEach((s, i) => {
      s.result = results[i];
    });
    // Let settlements of the last streams finish before checking the money.
    for (let i = 0; i < 50; i++) {
      const open = await prisma.ledgerHold.count({ where: { status: "open" } });
      if (open === 0) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    await sampleMemory();

    console.log(`\nMixed load for ${SECONDS} s on the production build and Postgres\n`);
    console.log("| scenario | requests | req/s | p50 ms | p95 ms | p99 ms | statuses |");
    console.log("|---|---|---|---|---|---|---|");
    let fiveXx = 0;
    for (const s of scenarios) {
      const sorted = [...s.latencies].sort((a, b) => a - b);
      const statuses = [...s.statuses.entries()].sort(([a], [b]) => a - b);
      fiveXx += statuses.filter(([code]) => code >= 500).reduce((n, [, c]) => n + c, 0);
      fiveXx += s.result?.errors ?? 0;
      const total = sorted.length;
      const line = [
        s.name,
        String(total),
        SMOKE ? "-" : (total / SECONDS).toFixed(1),
        SMOKE ? "-" : percentile(sorted, 50).toFixed(1),
        SMOKE ? "-" : percentile(sorted, 95).toFixed(1),
        SMOKE ? "-" : percentile(sorted, 99).toFixed(1),
        `${statuses.map(([c, n]) => `${c}×${n}`).join(" ")}${s.result?.errors ? ` errors×${s.result.errors}` : ""}`,
      ];
      console.log(`| ${line.join(" | ")} |`);
    }
    console.log("\n| t (s) | server RSS (MB) |\n|---|---|");
    for (const m of memory) console.log(`| ${m.at.toFixed(0)} | ${m.rssMb.toFixed(0)} |`);

    // The money, exact after the storm.
    const violations = (await checkLedgerInvariants(prisma)).filter((v) => v.severity === "error");
    const openHolds = await prisma.ledgerHold.count({ where: { status: "open" } });
    const [usage] = await prisma.$queryRaw<{ ledger: bigint; messages: bigint }[]>`
      SELECT
        (SELECT coalesce(-sum(e.amount), 0) FROM "LedgerEntry" e JOIN "LedgerTransaction" t ON t.id = e."transactionId"
          JOIN "LedgerAccount" a ON a.id = e."accountId" WHERE t.kind = 'usage' AND a.type <> 'system')::bigint AS ledger,
        (SELECT coalesce(sum("ptCharged"), 0) FROM "Message")::bigint AS messages`;
    const [invoices] = await prisma.$queryRaw<{ grants: bigint; pt: bigint; applied: bigint }[]>`
      SELECT
        (SELECT count(*) FROM "LedgerTransaction" WHERE "idempotencyKey" LIKE ${`allowance:in_${tag}_%`})::bigint AS grants,
        (SELECT coalesce(sum(g.amount), 0) FROM "LedgerGrant" g JOIN "LedgerTransaction" t ON t.id = g."transactionId"
          WHERE t."idempotencyKey" LIKE ${`allowance:in_${tag}_%`})::bigint AS pt,
        (SELECT count(*) FROM "StripeEvent" WHERE id LIKE ${`evt_${tag}_%`} AND status = 'applied')::bigint AS applied`;
    const allowance = ENTITLEMENTS.pro.monthlyAllowancePt;
    const chats = (guests.statuses.get(200) ?? 0) > 0 && (signedIn.statuses.get(200) ?? 0) > 0;
    const checks: Array<[string, boolean, string]> = [
      ["no 5xx or connection error", fiveXx === 0, String(fiveXx)],
      [
        "chat turns served",
        chats,
        `${guests.statuses.get(200) ?? 0} guest, ${signedIn.statuses.get(200) ?? 0} user responses 200`,
      ],
      ["ledger invariants", violations.length === 0, violations.map((v) => v.kind).join(", ") || "clean"],
      ["no hold left open", openHolds === 0, String(openHolds)],
      [
        "usage PT = Σ message charges",
        usage?.ledger === usage?.messages,
        `${usage?.ledger} / ${usage?.messages}`,
      ],
      [
        "each invoice credited once",
        invoices !== undefined &&
          invoices.grants === invoices.applied &&
          invoices.applied > 0n &&
          invoices.pt === invoices.grants * allowance,
        `${invoices?.applied} events applied, ${invoices?.grants} grants, ${invoices?.pt} PT`,
      ],
    ];
    if (!SMOKE && memory.length >= 4) {
      // Flat memory: the last quarter's average within 25 % of the second quarter's (after warm-up).
      const q = Math.floor(memory.length / 4);
      const avg = (xs: typeof memory) => xs.reduce((n, m) => n + m.rssMb, 0) / Math.max(1, xs.length);
      const early = avg(memory.slice(q, 2 * q));
      const late = avg(memory.slice(3 * q));
      checks.push(["memory flat", late <= early * 1.25, `${early.toFixed(0)} → ${late.toFixed(0)} MB`]);
    }
    console.log("\n| check | ok | value |\n|---|---|---|");
    for (const [name, ok, value] of checks) console.log(`| ${name} | ${ok ? "✓" : "✗"} | ${value} |`);
    failed = checks.some(([, ok]) => !ok);
  } finally {
    server?.child.kill("SIGTERM");
    await fake.close();
    await prisma.$disconnect();
    await admin((c) => c.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`)).catch(() => undefined);
  }
  process.exit(failed ? 1 : 0);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
