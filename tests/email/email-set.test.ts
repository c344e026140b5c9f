// Every email of the set, each triggered from the place that really causes it (verification, the
// test-mode checkout through the signed webhook route, a plan switch, Stripe's subscription and
// invoice events), then delivered by the worker to the dev mailbox: each arrives once, in the
// operator's branding (From name, header, legal footer), with both parts; optional mail carries
// its unsubscribe link and essential mail does not.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { confirmEmail, sendVerificationEmail } from "@/lib/auth/verify-email";
import { customerIdOf } from "@/lib/billing/customers";
import { addMonth, buildEvent, invoiceObject, subscriptionObject, unix } from "@/lib/billing/test-objects";
import { type DevMail, listDevMail } from "@/lib/email/dev-mailbox";
import { processOutbox } from "@/lib/email/process-outbox";
import { resetEmailProviderForTests } from "@/lib/email/providers/select";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { forgetOperatorSettings } from "@/lib/settings/operator";
import { createUser, installAppDb, sessionCookie, setupAuthEnv, tokenFromMail } from "@/tests/auth/helpers";
import { deliver, useTestModeEnv } from "@/tests/billing/helpers";
import { createTestDatabase, type TestDatabase } from "@/tests/helpers/db";

const checkout = await import("@/app/api/billing/checkout/route");
const testCheckout = await import("@/app/api/billing/test-checkout/[sessionId]/route");
const webhook = await import("@/app/api/stripe/webhook/route");

const ctx = (params: Record<string, string> = {}) => ({ params: Promise.resolve(params) });
let db: TestDatabase;
let p: PrismaClient;
let cookie = "";
const request = (method: string, url: string, body?: unknown) =>
  new Request(`http://app.test${url}`, {
    method,
    headers: body === undefined ? { cookie } : { "content-type": "application/json", cookie },
    body: body === undefined ? undefined : JSON.stringify(body),
  });

beforeAll(async () => {
  setupAuthEnv({ EMAIL_FROM: "Mailer <mail@acme.test>" });
  useTestModeEnv();
  resetEmailProviderForTests();
  db = await createTestDatabase();
  p = db.prisma;
  installAppDb(p);
  await p.operatorSetting.create({
    data: {
      key: "operator",
      value: {
        productName: "Acme AI",
        legalEntity: "Acme AI GmbH",
        legalAddress: "Hauptstr. 1\n10115 Berlin",
        vatId: "DE123456789",
      },
    },
  });
  forgetOperatorSettings();
  // The test checkout POSTs its signed events to the webhook route: answer them in-process.
  vi.stubGlobal("fetch", async (input: URL | string, init?: RequestInit) =>
    webhook.POST(new Request(new URL(String(input)), init), ctx()),
  );
});
afterAll(async () => {
  vi.unstubAllGlobals();
  await db.cleanup();
});

async function pay(choice: Record<string, string>) {
  const res = await checkout.POST(request("POST", "/api/billing/checkout", choice), ctx());
  expect(res.status).toBe(200);
  const body = (await res.json()) as { url?: string; switched?: boolean };
  if (body.switched) return;
  const sessionId = body.url?.split("/").pop() ?? "";
  const paid = await testCheckout.POST(
    request("POST", `/api/billing/test-checkout/${sessionId}`),
    ctx({ sessionId }),
  );
  expect(paid.status).toBe(200);
}

describe("the email set, end to end", () => {
  let mails: DevMail[] = [];
  let userId = "";
  let email = "";

  beforeAll(async () => {
    const user = await createUser(p, { verified: false });
    userId = user.id;
    email = user.email;
    await p.user.update({ where: { id: userId }, data: { name: "Ada" } });
    cookie = (await sessionCookie(p, userId)).cookie;

    // Welcome: the verification link, used.
    await sendVerificationEmail(p, { userId, email, name: "Ada" });
    await confirmEmail(p, await tokenFromMail(p, email, "verify-email"));
    // Purchase receipt: a top-up paid on the test checkout.
    await pay({ packId: "medium" });
    // Subscription started + its first invoice; then a switch to Max (changed + proration invoice).
    await pay({ planId: "pro" });
    await pay({ planId: "max" });

    // Stripe's later events for that subscription: a renewal paid (the one-statement path, no
    // payment intent on the event), a failed payment, cancellation at period end, then the end.
    const sub = await p.billingSubscription.findFirstOrThrow({ where: { userId } });
    const customer = (await customerIdOf(p, userId)) ?? "";
    const start = new Date(Date.now() + 60_000);
    const end = addMonth(start);
    const meta = { userId, planId: "max" };
    const subAt = (status: string, cancelAtPeriodEnd: boolean, at: number) =>
      subscriptionObject({
        id: sub.id,
        customer,
        priceId: sub.priceId ?? "price_test_max",
        status,
        periodStart: unix(start),
        periodEnd: unix(end),
        created: at,
        metadata: meta,
        cancelAtPeriodEnd,
      });
    const invoice = (
      id: string,
      status: "paid" | "open",
      at: number,
      extra: Record<string, unknown> = {},
    ) => ({
      ...invoiceObject({
        id,
        customer,
        subscription: sub.id,
        subscriptionMetadata: meta,
        lines: [
          { priceId: sub.priceId ?? "price_test_max", amount: 10_000, start: unix(start), end: unix(end) },
        ],
        billingReason: "subscription_cycle",
        status,
        currency: "usd",
        paymentIntent: null,
        attemptCount: 1,
        created: at,
      }),
      ...extra,
    });
    const t = unix(start);
    const events = [
      buildEvent("invoice.paid", invoice("in_renewal_1", "paid", t), t),
      buildEvent(
        "invoice.payment_failed",
        invoice("in_renewal_2", "open", t + 10, {
          hosted_invoice_url: "https://invoice.stripe.com/i/acct_test/in_renewal_2",
        }),
        t + 10,
      ),
      buildEvent("customer.subscription.updated", subAt("active", true, t + 20), t + 20),
      buildEvent("customer.subscription.deleted", subAt("canceled", true, t + 30), t + 30),
    ];
    for (const event of events) {
      const outcome = await deliver(p, event, new Date(event.created * 1000));
      expect(outcome.status, event.type).toBe("applied");
    }
    // A duplicate delivery of the renewal mails nothing twice.
    await deliver(p, events[0] as (typeof events)[number], new Date(t * 1000));

    for (let i = 0; i < 5; i++) await processOutbox(p, { now: new Date(Date.now() + 120_000), limit: 50 });
    mails = (await listDevMail(p, { page: 1, to: email })).mails.reverse();
  });

  const of = (template: string) => mails.filter((m) => m.template === template);

  it("sends each mail of the set once, in order of its cause, all delivered", async () => {
    expect(mails.map((m) => m.template)).toEqual([
      "verify-email",
      "welcome",
      "purchase-receipt",
      "subscription-changed",
      "invoice-available",
      "subscription-changed",
      "invoice-available",
      "invoice-available",
      "payment-failed",
      "subscription-changed",
      "subscription-changed",
    ]);
    expect(mails.every((m) => m.status === "sent")).toBe(true);
    expect(of("subscription-changed").map((m) => m.subject)).toEqual([
      "Your Acme AI Pro subscription has started",
      "Your Acme AI plan is now Max",
      "Your Acme AI Max subscription is cancelled",
      "Your Acme AI Max subscription has ended",
    ]);
  });

  it("every mail is in the operator's branding, with an HTML and a text part", () => {
    for (const mail of mails) {
      expect(mail.from, mail.template).toBe('"Acme AI" <mail@acme.test>');
      expect(mail.html, mail.template).toMatch(/^<!doctype html>/);
      expect(mail.html, mail.template).toContain(">Acme AI</div>");
      expect(mail.text, mail.template).toContain("Acme AI GmbH · Hauptstr. 1, 10115 Berlin");
      expect(mail.html, mail.template).not.toContain("Ledgerchat");
      expect(mail.text, mail.template).toContain("Hi Ada,");
    }
  });

  it("the receipt and invoices carry money as money, the PT and the seller; payment failed links to Stripe", () => {
    const [receipt] = of("purchase-receipt");
    expect(receipt?.subject).toBe("Your Acme AI receipt: $20.00");
    expect(receipt?.text).toContain("1,100,000 PT were added to your balance");
    expect(receipt?.text).toContain("VAT ID: DE123456789");
    expect(receipt?.text).toMatch(/Reference: pi_test_local_[0-9a-f]{32}/);
    const [first, proration, renewal] = of("invoice-available");
    expect(first?.subject).toBe("Your Acme AI invoice is available: $20.00");
    expect(first?.text).toContain("Item: Pro plan");
    expect(proration?.text).toContain("Item: Max plan");
    expect(renewal?.subject).toBe("Your Acme AI invoice is available: $100.00");
    // Test mode has no hosted invoice: the link goes to the billing page's payments.
    expect(renewal?.text).toContain("See your payments: http://app.test/billing");
    const [failed] = of("payment-failed");
    expect(failed?.subject).toBe("Your Acme AI payment failed");
    expect(failed?.text).toContain("We could not collect $100.00");
    expect(failed?.links[0]).toBe("https://invoice.stripe.com/i/acct_test/in_renewal_2");
  });

  it("optional mail carries List-Unsubscribe and footer links; security and account mail do not", () => {
    for (const mail of mails) {
      const optional = ["welcome", "purchase-receipt", "subscription-changed", "invoice-available"].includes(
        mail.template,
      );
      expect(mail.category, mail.template).toBe(
        { "verify-email": "security", "payment-failed": "account", welcome: "product" }[mail.template] ??
          "billing",
      );
      expect(Boolean(mail.headers["List-Unsubscribe"]), mail.template).toBe(optional);
      expect(mail.text.includes("Unsubscribe: http://app.test/unsubscribe?token="), mail.template).toBe(
        optional,
      );
      expect(mail.links.includes("http://app.test/account/emails"), mail.template).toBe(optional);
    }
  });

  it("the worker logged one dev attempt per mail", async () => {
    const log = await p.emailAttempt.findMany({
      where: { email: { to: email } },
      select: { provider: true, outcome: true },
    });
    expect(log).toHaveLength(mails.length);
    expect(log.every((a) => a.provider === "dev" && a.outcome === "sent")).toBe(true);
  });
});
