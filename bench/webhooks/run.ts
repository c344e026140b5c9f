// Webhook throughput: verified Stripe events applied per second through POST /api/stripe/webhook
// (the route handler in-process: raw body → signature → store → effect in one transaction).
// Baseline: 1 sender, each event once. Storm: 20 concurrent senders, every event delivered twice
// (half the deliveries are duplicates), shuffled. Both runs must credit every invoice exactly once.
//   TEST_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/test npx tsx bench/webhooks/run.ts [events]
// Needs a local Postgres (a fresh database is created and dropped). Prints a table.
// BENCH_SMOKE=1: 40 events, the exactly-once checks only (no timing), exit 1 on any mismatch.
import { randomBytes, randomUUID } from "node:crypto";
import { SMOKE } from "../smoke";

const EVENTS = SMOKE ? 40 : Number(process.argv[2] ?? 400);
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
  const { planProduct } = await import("@/lib/billing/catalog");
  const { ENTITLEMENTS } = await import("@/lib/entitlements");
  const { ensureAccount } = await import("@/lib/ledger/accounts");
  // What each invoice must grant: the Pro plan's allowance as the entitlements table says today.
  const pro = planProduct("pro");
  const PT_PER_INVOICE = ENTITLEMENTS.pro.monthlyAllowancePt;
  const PRO_AMOUNT = Number(pro.amountMinor);
  const PRO_PRICE = pro.priceId;
  if (!PRO_PRICE) throw new Error("bench: no Pro price id in test mode");
  const proPrice: string = PRO_PRICE;
  const p = db.prisma;

  const { storeEvent, processEvent } = await import("@/lib/billing/event-store");
  const { verifyWebhook } = await import("@/lib/billing/webhook-verify");
  // The general path every event took before single-statement effects (verify, store, claim,
  // effect in one interactive transaction), called directly: the baseline of the same run.
  async function generalPath(rawBody: string, signature: string): Promise<number> {
    const event = verifyWebhook(rawBody, signature, [SECRET]);
    await storeEvent(p, event);
    await processEvent(p, event.id);
    return 200;
  }

  async function scenario(name: string, senders: number, copies: number, via: "route" | "general" = "route") {
    const tag = randomBytes(4).toString("hex");
    const users = Array.from({ length: USERS }, () => randomUUID());
    await p.user.createMany({
      data: users.map((id) => ({ id, email: `${id}@bench.test`, emailVerifiedAt: new Date() })),
    });
    await p.billingCustomer.createMany({
      data: users.map((userId, i) => ({ userId, stripeCustomerId: `cus_${tag}_${i}` })),
    });
    const start = new Date();
    // Renewals of existing Pro subscribers: each user already has the subscription (stored when its
    // checkout completed), the Pro plan and a ledger account, as after their first paid period.
    await p.billingSubscription.createMany({
      data: users.map((userId, i) => ({
        id: `sub_${tag}_${i}`,
        userId,
        stripeCustomerId: `cus_${tag}_${i}`,
        plan: "pro" as const,
        priceId: proPrice,
        status: "active",
        currentPeriodEnd: addMonth(start),
      })),
    });
    await p.user.updateMany({ where: { id: { in: users } }, data: { plan: "pro" } });
    for (const userId of users) await ensureAccount(p, { kind: "user", userId });
    const events = Array.from({ length: EVENTS }, (_, n) => {
      const u = n % USERS;
      const from = new Date(start.getTime() + Math.floor(n / USERS) * 31 * 86_400_000);
      const invoice = invoiceObject({
        id: `in_${tag}_${n}`,
        customer: `cus_${tag}_${u}`,
        subscription: `sub_${tag}_${u}`,
        subscriptionMetadata: {},
        lines: [{ priceId: proPrice, amount: PRO_AMOUNT, start: unix(from), end: unix(addMonth(from)) }],
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
          const signature = signatureHeader(delivery.rawBody, SECRET);
          let status: number;
          if (via === "general") status = await generalPath(delivery.rawBody, signature);
          else {
            const response = await POST(
              new Request("http://bench/api/stripe/webhook", {
                method: "POST",
                headers: { "content-type": "application/json", "stripe-signature": signature },
                body: delivery.rawBody,
              }),
              { params: Promise.resolve({}) },
            );
            await response.arrayBuffer();
            status = response.status;
          }
          statuses.set(status, (statuses.get(status) ?? 0) + 1);
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
    const exact =
      Number(g.n) === EVENTS &&
      g.pt === BigInt(EVENTS) * PT_PER_INVOICE &&
      applied === EVENTS &&
      statuses.get(200) === queue.length;
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
    if (!SMOKE) await scenario("warm-up", 4, 1);
    const baseline = await scenario("route: 1 sender, unique", 1, 1);
    const storm = await scenario("route: 20 senders, half duplicates", SENDERS, 2);
    const general = await scenario("general path: 20 senders, half duplicates", SENDERS, 2, "general");
    const rows = [baseline, storm, general];
    if (SMOKE) {
      for (const r of rows) {
        console.log(
          `bench/webhooks smoke: ${r.name}: ${r.deliveries} deliveries, ${r.grants} grants, ${r.doubles} double credits, exact ${r.exact ? "yes" : "NO"}, HTTP ${r.statuses}`,
        );
      }
      if (rows.some((r) => !r.exact || r.doubles !== 0)) process.exitCode = 1;
      return;
    }
    console.log(
      `\nWebhook throughput — ${EVENTS} invoice.paid events over ${USERS} users (Postgres, route handler in-process)\n`,
    );
    console.log(
      "| run | senders | deliveries | duplicates | seconds | events applied/s | deliveries/s | vs general path | grants | double credits | exact | HTTP |",
    );
    console.log("|---|---|---|---|---|---|---|---|---|---|---|---|");
    for (const r of rows) {
      console.log(
        `| ${r.name} | ${r.senders} | ${r.deliveries} | ${r.duplicates} | ${r.seconds.toFixed(2)} | ${r.eventsPerSecond.toFixed(0)} | ${r.deliveriesPerSecond.toFixed(0)} | ${(r.eventsPerSecond / general.eventsPerSecond).toFixed(2)}× | ${r.grants} | ${r.doubles} | ${r.exact ? "yes" : "NO"} | ${r.statuses} |`,
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
