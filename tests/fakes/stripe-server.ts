// A fake Stripe API on 127.0.0.1 for the calls billing makes (customers, checkout sessions,
// subscriptions, invoices, charges, refunds, tax rates, portal). The real SDK talks to it through
// STRIPE_API_BASE. It honours Idempotency-Key (same key → the first response replayed), records
// every request, can fail on demand (to test "Stripe unreachable") and lets a test "pay" a session,
// which creates the subscription, invoice and charge Stripe would.
import { randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

type Obj = Record<string, unknown> & { id: string };
export type RecordedRequest = {
  method: string;
  path: string;
  body: Record<string, unknown>;
  idempotencyKey?: string;
};
export type Price = { amount: number; currency: string; recurring: boolean };

const newId = (prefix: string) => `${prefix}_fake${randomBytes(10).toString("hex")}`;

/** Stripe's form encoding (`a[b][0][c]=x`) back into nested objects and arrays. */
export function parseForm(text: string): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const pair of text.split("&")) {
    if (!pair) continue;
    const [rawKey, rawValue = ""] = pair.split("=");
    const key = decodeURIComponent((rawKey ?? "").replaceAll("+", " "));
    const value = decodeURIComponent(rawValue.replaceAll("+", " "));
    const parts = key.split(/[[\]]+/).filter(Boolean);
    let node: Record<string, unknown> = root;
    parts.forEach((part, i) => {
      if (i === parts.length - 1) {
        node[part] = value;
        return;
      }
      node[part] ??= /^\d+$/.test(parts[i + 1] ?? "") ? [] : {};
      node = node[part] as Record<string, unknown>;
    });
  }
  return root;
}

/** Stripe's created[gte] / created[lt] list filters. */
function createdIn(o: Obj, query: URLSearchParams): boolean {
  const created = Number(o.created ?? 0);
  const gte = query.get("created[gte]");
  const lt = query.get("created[lt]");
  return (gte === null || created >= Number(gte)) && (lt === null || created < Number(lt));
}

export class FakeStripe {
  readonly customers = new Map<string, Obj>();
  readonly sessions = new Map<string, Obj>();
  readonly subscriptions = new Map<string, Obj>();
  readonly invoices = new Map<string, Obj>();
  readonly charges = new Map<string, Obj>();
  readonly refunds = new Map<string, Obj>();
  /** Tax rates (GET /v1/tax_rates/:id), as Stripe Tax creates them for invoices' total_taxes. */
  readonly taxRates = new Map<string, Obj>();
  readonly paymentIntents = new Map<string, Obj>();
  /** Saved cards by customer (GET /v1/payment_methods), the first one the customer's default. */
  readonly cards = new Map<string, string[]>();
  /** Customers whose off-session charges fail, with Stripe's card error code. */
  readonly declines = new Map<string, "card_declined" | "authentication_required">();
  readonly requests: RecordedRequest[] = [];
  /** The next n requests answer 500 (Stripe down). */
  failNext = 0;
  private readonly replays = new Map<string, { status: number; body: unknown }>();
  private server = createServer((req, res) => void this.handle(req, res));
  url = "";

  constructor(readonly prices: Record<string, Price>) {}

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.url;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  calls(method: string, pathPrefix: string): RecordedRequest[] {
    return this.requests.filter((r) => r.method === method && r.path.startsWith(pathPrefix));
  }

  /** The customer pays an open session: what Stripe does, returning the objects it created. */
  paySession(id: string, now = Math.floor(Date.now() / 1000)) {
    const session = this.sessions.get(id);
    if (!session) throw new Error(`no session ${id}`);
    const priceId = (session._price as string) ?? "";
    const price = this.prices[priceId];
    if (!price) throw new Error(`no price ${priceId}`);
    const quantity = Number(session._quantity ?? 1);
    const paymentIntent = newId("pi");
    const charge: Obj = {
      id: newId("ch"),
      object: "charge",
      amount: price.amount * quantity,
      amount_refunded: 0,
      currency: price.currency,
      customer: session.customer,
      payment_intent: paymentIntent,
    };
    this.charges.set(charge.id, charge);
    Object.assign(session, { status: "complete", payment_status: "paid" });
    if (session.mode === "payment") {
      session.payment_intent = paymentIntent;
      return { session, charge };
    }
    const end = now + 30 * 86_400;
    const meta = (session._subscriptionMetadata as Record<string, string>) ?? {};
    const subscription: Obj = {
      id: newId("sub"),
      object: "subscription",
      customer: session.customer,
      status: "active",
      created: now,
      cancel_at_period_end: false,
      metadata: meta,
      items: {
        object: "list",
        data: [
          {
            id: newId("si"),
            price: { id: priceId },
            quantity,
            current_period_start: now,
            current_period_end: end,
          },
        ],
      },
    };
    this.subscriptions.set(subscription.id, subscription);
    session.subscription = subscription.id;
    const invoice = this.addInvoice(subscription, {
      priceId,
      amount: price.amount * quantity,
      start: now,
      end,
      reason: "subscription_create",
      paymentIntent,
      quantity,
    });
    return { session, charge, subscription, invoice };
  }

  addInvoice(
    subscription: Obj,
    line: {
      priceId: string;
      amount: number;
      start: number;
      end: number;
      reason: string;
      paymentIntent?: string;
      quantity?: number;
    },
  ): Obj {
    const invoice: Obj = {
      id: newId("in"),
      object: "invoice",
      customer: subscription.customer,
      status: "paid",
      amount_paid: line.amount,
      amount_due: line.amount,
      currency: this.prices[line.priceId]?.currency ?? "usd",
      billing_reason: line.reason,
      attempt_count: 1,
      created: line.start,
      parent: { subscription_details: { subscription: subscription.id, metadata: subscription.metadata } },
      lines: {
        object: "list",
        data: [
          {
            amount: line.amount,
            quantity: line.quantity ?? 1,
            period: { start: line.start, end: line.end },
            pricing: { price_details: { price: line.priceId } },
          },
        ],
      },
      payments: {
        data: [{ payment: { type: "payment_intent", payment_intent: line.paymentIntent ?? newId("pi") } }],
      },
    };
    this.invoices.set(invoice.id, invoice);
    return invoice;
  }

  private list(items: Iterable<Obj>, filter: (o: Obj) => boolean) {
    const data = [...items].filter(filter).sort((a, b) => Number(b.created ?? 0) - Number(a.created ?? 0));
    return { object: "list", data, has_more: false, url: "/v1/list" };
  }

  private route(
    method: string,
    path: string,
    body: Record<string, unknown>,
    query: URLSearchParams,
  ): [number, unknown] {
    const seg = path.split("/").filter(Boolean).slice(1); // drop "v1"
    const now = Math.floor(Date.now() / 1000);
    const key = `${method} ${seg.join("/")}`;
    if (key === "POST customers") {
      const customer: Obj = {
        id: newId("cus"),
        object: "customer",
        email: body.email,
        metadata: body.metadata ?? {},
      };
      this.customers.set(customer.id, customer);
      return [200, customer];
    }
    if (method === "GET" && seg[0] === "customers" && seg.length === 2) {
      const customer = this.customers.get(seg[1] as string) ?? { id: seg[1] as string, object: "customer" };
      const card = this.cards.get(customer.id)?.[0] ?? null;
      return [200, { ...customer, invoice_settings: { default_payment_method: card } }];
    }
    if (method === "GET" && seg[0] === "payment_methods") {
      const customer = query.get("customer") ?? "";
      const data = (this.cards.get(customer) ?? []).map((id) => ({
        id,
        object: "payment_method",
        type: "card",
        customer,
      }));
      return [200, { object: "list", data, has_more: false, url: "/v1/payment_methods" }];
    }
    if (method === "GET" && seg[0] === "payment_intents" && seg.length === 1) {
      const customer = query.get("customer");
      return [
        200,
        this.list(
          this.paymentIntents.values(),
          (i) => (!customer || i.customer === customer) && createdIn(i, query),
        ),
      ];
    }
    if (key === "POST payment_intents") {
      // An off-session confirm: succeeds at once, or fails as a card error (declined / SCA needed).
      const customer = String(body.customer ?? "");
      const decline = this.declines.get(customer);
      if (decline) {
        const message =
          decline === "card_declined"
            ? "Your card was declined."
            : "This payment requires authentication; the customer is not on session.";
        return [402, { error: { type: "card_error", code: decline, message } }];
      }
      const intent: Obj = {
        id: newId("pi"),
        object: "payment_intent",
        amount: Number(body.amount),
        amount_received: Number(body.amount),
        currency: body.currency,
        customer,
        payment_method: body.payment_method,
        off_session: body.off_session === "true",
        status: "succeeded",
        metadata: body.metadata ?? {},
        created: now,
      };
      this.paymentIntents.set(intent.id, intent);
      return [200, intent];
    }
    if (method === "DELETE" && seg[0] === "customers" && seg.length === 2) {
      const id = seg[1] as string;
      if (!this.customers.delete(id))
        return [
          404,
          {
            error: {
              type: "invalid_request_error",
              code: "resource_missing",
              message: `No such customer: '${id}'`,
            },
          },
        ];
      return [200, { id, object: "customer", deleted: true }];
    }
    if (key === "POST checkout/sessions") {
      const items = (body.line_items as { price: string; quantity?: string }[]) ?? [];
      const priceId = items[0]?.price ?? "";
      const quantity = Number(items[0]?.quantity ?? 1);
      const price = this.prices[priceId];
      if (!price)
        return [400, { error: { type: "invalid_request_error", message: `No such price: ${priceId}` } }];
      const id = newId("cs_test");
      const session: Obj = {
        id,
        object: "checkout.session",
        mode: body.mode,
        status: "open",
        payment_status: "unpaid",
        url: `https://checkout.stripe.test/c/pay/${id}`,
        amount_total: price.amount * quantity,
        currency: price.currency,
        customer: body.customer,
        client_reference_id: body.client_reference_id,
        metadata: body.metadata ?? {},
        subscription: null,
        payment_intent: null,
        created: now,
        expires_at: Number(body.expires_at ?? now + 86_400),
        _price: priceId,
        _quantity: quantity,
        _subscriptionMetadata: (body.subscription_data as { metadata?: unknown })?.metadata ?? {},
      };
      this.sessions.set(id, session);
      return [200, session];
    }
    if (method === "GET" && seg[0] === "checkout" && seg[1] === "sessions" && seg.length === 2) {
      const customer = query.get("customer");
      const status = query.get("status");
      return [
        200,
        this.list(
          this.sessions.values(),
          (s) =>
            (!customer || s.customer === customer) && (!status || s.status === status) && createdIn(s, query),
        ),
      ];
    }
    if (seg[0] === "checkout" && seg[1] === "sessions" && seg[2]) {
      const session = this.sessions.get(seg[2]);
      if (!session) return [404, { error: { type: "invalid_request_error", message: "No such session" } }];
      if (method === "POST" && seg[3] === "expire") session.status = "expired";
      return [200, session];
    }
    if (seg[0] === "subscriptions") {
      if (method === "GET" && !seg[1]) {
        const customer = query.get("customer");
        return [200, this.list(this.subscriptions.values(), (s) => !customer || s.customer === customer)];
      }
      const sub = this.subscriptions.get(seg[1] ?? "");
      if (!sub) return [404, { error: { type: "invalid_request_error", message: "No such subscription" } }];
      if (method === "POST") {
        const items = (body.items as { id: string; price?: string; quantity?: string }[]) ?? [];
        const data = (sub.items as { data: { id: string; price: { id: string }; quantity?: number }[] }).data;
        for (const change of items) {
          const item = data.find((i) => i.id === change.id);
          if (item && change.price) item.price = { id: change.price };
          if (item && change.quantity) item.quantity = Number(change.quantity);
        }
        if (body.metadata) sub.metadata = body.metadata;
        sub._lastProration = body.proration_behavior;
      }
      return [200, sub];
    }
    if (method === "GET" && seg[0] === "invoices") {
      const customer = query.get("customer");
      const status = query.get("status");
      return [
        200,
        this.list(
          this.invoices.values(),
          (i) =>
            (!customer || i.customer === customer) && (!status || i.status === status) && createdIn(i, query),
        ),
      ];
    }
    if (method === "GET" && seg[0] === "invoice_payments") {
      const invoice = this.invoices.get(query.get("invoice") ?? "");
      const payments = (invoice?.payments as { data?: unknown[] } | undefined)?.data ?? [];
      return [200, { object: "list", data: payments, has_more: false, url: "/v1/invoice_payments" }];
    }
    if (method === "GET" && seg[0] === "charges" && seg[1]) {
      const charge = this.charges.get(seg[1]);
      return charge
        ? [200, charge]
        : [404, { error: { type: "invalid_request_error", message: "No such charge" } }];
    }
    if (method === "GET" && seg[0] === "tax_rates" && seg[1]) {
      const rate = this.taxRates.get(seg[1]);
      return rate
        ? [200, rate]
        : [
            404,
            {
              error: { type: "invalid_request_error", code: "resource_missing", message: "No such tax rate" },
            },
          ];
    }
    if (key === "POST refunds") {
      const charge = [...this.charges.values()].find((c) => c.payment_intent === body.payment_intent);
      if (!charge)
        return [404, { error: { type: "invalid_request_error", message: "No such payment_intent" } }];
      const amount = Number(body.amount ?? Number(charge.amount) - Number(charge.amount_refunded));
      charge.amount_refunded = Number(charge.amount_refunded) + amount;
      const refund: Obj = {
        id: newId("re"),
        object: "refund",
        amount,
        payment_intent: body.payment_intent,
        status: "succeeded",
        charge: charge.id,
      };
      this.refunds.set(refund.id, refund);
      return [200, refund];
    }
    if (key === "POST billing_portal/sessions") {
      return [
        200,
        {
          id: newId("bps"),
          object: "billing_portal.session",
          url: `https://billing.stripe.test/p/${body.customer}`,
          customer: body.customer,
        },
      ];
    }
    return [
      404,
      { error: { type: "invalid_request_error", message: `Unrecognized request URL (${method} ${path})` } },
    ];
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const url = new URL(req.url ?? "/", "http://fake");
    const method = req.method ?? "GET";
    const body = parseForm(Buffer.concat(chunks).toString("utf8"));
    const idempotencyKey = (req.headers["idempotency-key"] as string | undefined) ?? undefined;
    this.requests.push({ method, path: url.pathname, body, idempotencyKey });
    const send = (status: number, payload: unknown) => {
      res.writeHead(status, { "content-type": "application/json", "request-id": newId("req") });
      res.end(JSON.stringify(payload));
    };
    if (this.failNext > 0) {
      this.failNext--;
      send(500, { error: { type: "api_error", message: "fake outage" } });
      return;
    }
    const replayKey = idempotencyKey && method === "POST" ? `${url.pathname} ${idempotencyKey}` : undefined;
    const replay = replayKey ? this.replays.get(replayKey) : undefined;
    if (replay) {
      send(replay.status, replay.body);
      return;
    }
    const [status, payload] = this.route(method, url.pathname, body, url.searchParams);
    if (replayKey) this.replays.set(replayKey, { status, body: payload });
    send(status, payload);
  }
}
