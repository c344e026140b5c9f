// Webhook throughput: verified Stripe events applied per second through POST /api/stripe/webhook
// (the route handler in-process: raw body → signature → store → effect in one transaction).
// Baseline: 1 sender, each event once. Storm: 20 concurrent senders, every event delivered twice
// (half the deliveries are duplicates), shuffled. Both runs must credit every invoice exactly once.
//   TEST_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/test npx tsx bench/webhooks/run.ts [events]
// Needs a local Postgres (a fresh database is created and dropped). Prints a table.
import { randomBytes, randomUUID } from "node:crypto";

const EVENTS = Number(process.argv[2] ?? 400);
const USERS = Math.max(1, Math.floor(EVENTS / 4));
const SENDERS = 20;
const SECRET = "whsec_bench_0123456789abcdef0123456789";

Object.assign(process.env, {
  NODE_ENV: "test",
  LOG_LEVEL: "silent",
  STRIPE_SECRET_KEY: "",
  STRIPE_WEBHOOK_SECRET: SECRET,
});

type Delivery = { rawBody: string };

async function main(): Promise<void> {
  const { createTestDatabase } = await import("@/tests/helpers/db");
  if (!process.env.TEST_DATABASE_URL) throw new Error("set TEST_DATABASE_URL to a local Postgres");
  const db = await createTestDatabase();
  process.env.DATABASE_URL = db.url;
  // The logger read the environment on import; re-read it so getDb() uses the bench database.
  (await import("@/lib/env")).resetEnvForTests();
  const { POST } = await import("@/app/api/stripe/webhook/route");
  const { signatureHeader } = await import("@/lib/billing/webhook-verify");
  const { buildEvent, invoiceObject, addMonth, unix } = await import("@/lib/billing/test-objects");
  const { closeDb } = await import("@/lib/db");
  const p = db.prisma;

  async function scenario(name: string, senders: number, copies: number) {
    const tag = randomBytes(4).toString("hex");
    const users = Array.from({ length: USERS }, () => randomUUID());
    await p.user.createMany({
      data: users.map((id) => ({ id, email: `${id}@bench.test`, emailVerifiedAt: new Date() })),
    });
    await p.billingCustomer.createMany({
      data: users.map((userId, i) => ({ userId, stripeCustomerId: `cus_${tag}_${i}` })),
    });
    const start = new Date();
    const events = Array.from({ length: EVENTS }, (_, n) => {
      const u = n % USERS;
      const from = new Date(start.getTime() + Math.floor(n / USERS) * 31 * 86_400_000);
      const invoice = invoiceObject({
        id: `in_${tag}_${n}`,
        customer: `cus_${tag}_${u}`,
        subscription: `sub_${tag}_${u}`,
        subscriptionMetadata: {},
        lines: [{ priceId: "price_test_pro", amount: 2000, start: unix(from), end: unix(addMonth(from)) }],
        billingReason: "subscription_cycle",
        status: "paid",
        currency: "usd",
        created: unix(from),
      });
      return { rawBody: JSON.stringify(buildEvent("invoice.paid", invoice, unix(from), `evt_${tag}_${n}`)) };
    });
    const queue: Delivery[] = events.flatMap((e) => Array.from({ length: copies }, () => e));
    for (let i = queue.length - 1; i > 0; i--) {
      const j = Math.floor(Math.random() * (i + 1));
      [queue[i], queue[j]] = [queue[j] as Delivery, queue[i] as Delivery];
    }
    const statuses = new Map<number, number>();
    const started = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: senders }, async () => {
        for (;;) {
          const delivery = queue[next++];
          if (!delivery) return;
          const response = await POST(
            new Request("http://bench/api/stripe/webhook", {
              method: "POST",
              headers: {
                "content-type": "application/json",
                "stripe-signature": signatureHeader(delivery.rawBody, SECRET),
              },
              body: delivery.rawBody,
            }),
            { params: Promise.resolve({}) },
          );
          await response.arrayBuffer();
          statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    const grants = await p.$queryRaw<{ n: bigint; pt: bigint; keys: bigint }[]>`
      SELECT count(*) AS n, coalesce(sum(g.amount), 0)::bigint AS pt, count(DISTINCT t."idempotencyKey") AS keys
      FROM "LedgerGrant" g JOIN "LedgerTransaction" t ON t.id = g."transactionId"
      WHERE t."idempotencyKey" LIKE ${`allowance:in_${tag}_%`}`;
    const applied = await p.stripeEvent.count({
      where: { id: { startsWith: `evt_${tag}_` }, status: "applied" },
    });
    const g = grants[0] ?? { n: 0n, pt: 0n, keys: 0n };
    const doubles = Number(g.n) - Number(g.keys);
    const exact = Number(g.n) === EVENTS && g.pt === BigInt(EVENTS) * 1_500_000n && applied === EVENTS;
    return {
      name,
      senders,
      deliveries: queue.length,
      duplicates: queue.length - EVENTS,
      seconds,
      eventsPerSecond: EVENTS / seconds,
      deliveriesPerSecond: queue.length / seconds,
      grants: Number(g.n),
      doubles,
      exact,
      statuses: [...statuses.entries()].map(([s, n]) => `${s}×${n}`).join(" "),
    };
  }

  try {
    await scenario("warm-up", 4, 1);
    const baseline = await scenario("baseline: 1 sender, unique", 1, 1);
    const storm = await scenario("storm: 20 senders, half duplicates", SENDERS, 2);
    const rows = [baseline, storm];
    console.log(
      `\nWebhook throughput — ${EVENTS} invoice.paid events over ${USERS} users (Postgres, route handler in-process)\n`,
    );
    console.log(
      "| run | senders | deliveries | duplicates | seconds | events applied/s | deliveries/s | ratio | grants | double credits | exact | HTTP |",
    );
    console.log("|---|---|---|---|---|---|---|---|---|---|---|---|");
    for (const r of rows) {
      console.log(
        `| ${r.name} | ${r.senders} | ${r.deliveries} | ${r.duplicates} | ${r.seconds.toFixed(2)} | ${r.eventsPerSecond.toFixed(0)} | ${r.deliveriesPerSecond.toFixed(0)} | ${(r.eventsPerSecond / baseline.eventsPerSecond).toFixed(2)}× | ${r.grants} | ${r.doubles} | ${r.exact ? "yes" : "NO"} | ${r.statuses} |`,
      );
    }
    if (rows.some((r) => !r.exact || r.doubles !== 0)) process.exitCode = 1;
  } finally {
    await closeDb();
    await db.cleanup();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
