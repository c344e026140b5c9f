// Templates: every one renders a subject, an HTML and a text part; interpolated data is escaped
// in HTML (never becomes markup) and kept verbatim in text; bad data throws.
import { describe, expect, it } from "vitest";
import { EMAIL_TEMPLATES, renderEmail } from "@/lib/email/render";
import type { EmailTemplate } from "@/lib/email/template-name";
import { escapeHtml } from "@/lib/email/templates/layout";

const EVIL = `<script>alert("x")</script><img src=x onerror=alert(1)>`;

const SAMPLES: Record<EmailTemplate, Record<string, unknown>> = {
  "verify-email": { url: "https://app.test/verify?token=abc", name: "Ada" },
  "password-reset": { url: "https://app.test/reset?token=abc", name: "Ada", expiresMinutes: 30 },
  "new-sign-in": {
    device: "Firefox on Linux",
    ip: "203.0.113.7",
    time: "2026-11-22T10:15:00.000Z",
    name: "Ada",
  },
  "two-factor-changed": { enabled: true, name: "Ada" },
  "account-locked": {
    unlockUrl: "https://app.test/unlock?token=abc",
    until: "2026-11-22T11:00:00.000Z",
    name: "Ada",
  },
  "dispute-resolved": {
    approved: false,
    item: "a chat reply",
    note: "Charged as shown.",
    url: "https://app.test/account/ledger",
    name: "Ada",
  },
  notice: {
    subject: "Reconciliation needs attention",
    paragraphs: ["Two errors were found.", "[error] missing_credit: pi_123"],
    actionUrl: "https://app.test/admin/reconciliation/1",
    actionLabel: "Open",
    name: "Ada",
  },
  welcome: {
    name: "Ada",
    chatUrl: "https://app.test/chat",
    pricingUrl: "https://app.test/pricing",
    freePt: "50000",
  },
  "purchase-receipt": {
    name: "Ada",
    description: "Top-up: medium",
    amountMinor: "1999",
    currency: "usd",
    pt: "25000",
    paidAt: "2026-11-22T10:15:00.000Z",
    reference: "pi_123",
    balanceUrl: "https://app.test/billing",
  },
  "subscription-changed": {
    name: "Ada",
    change: "changed",
    plan: "Max",
    previousPlan: "Pro",
    periodEnd: "2026-12-22T10:15:00.000Z",
    manageUrl: "https://app.test/billing",
  },
  "invoice-available": {
    name: "Ada",
    invoiceId: "in_123",
    amountMinor: "2000",
    currency: "eur",
    description: "Pro plan",
    periodEnd: "2026-12-22T10:15:00.000Z",
    invoiceUrl: "https://invoice.stripe.test/i/acct_1/in_123",
    billingUrl: "https://app.test/billing",
  },
  "payment-failed": {
    name: "Ada",
    amountMinor: "2000",
    currency: "usd",
    attempt: 2,
    billingUrl: "https://app.test/billing",
  },
  "budget-alert": {
    threshold: 80,
    spentPt: "4123456",
    budgetPt: "5000000",
    month: "2026-12",
    hardStop: true,
    ptPerUsd: "100000",
    url: "https://app.test/account/chat#budget",
    name: "Ada",
  },
  "team-invite": {
    url: "https://app.test/teams/invite/abc",
    teamName: "Acme",
    inviterName: "Ada",
    role: "member",
    expiresDays: 7,
    name: "Ada",
  },
  "low-balance": {
    availablePt: "4200",
    thresholdPt: "10000",
    ptPerUsd: "100000",
    url: "https://app.test/billing",
    settingsUrl: "https://app.test/account/chat#low-balance",
    name: "Ada",
  },
  "auto-topup": {
    outcome: "failed",
    pack: "Small",
    pt: "500000",
    amountMinor: "500",
    currency: "usd",
    thresholdPt: "10000",
    reason: "Your card was declined.",
    url: "https://app.test/billing",
    name: "Ada",
  },
};

describe("renderEmail", () => {
  it("covers every template", () => {
    expect(EMAIL_TEMPLATES.sort()).toEqual(Object.keys(SAMPLES).sort());
  });

  it.each(Object.entries(SAMPLES))("%s renders subject, HTML and text with the data", (template, data) => {
    const mail = renderEmail(template as EmailTemplate, data);
    expect(mail.subject.length).toBeGreaterThan(5);
    expect(mail.html).toMatch(/^<!doctype html>/);
    expect(mail.html).toContain(`<title>${escapeHtml(mail.subject)}</title>`);
    expect(mail.html).toContain("Hi Ada,");
    expect(mail.text).toContain("Hi Ada,");
    expect(mail.text).not.toMatch(/<[a-z]/i);
    const url = (data.url ?? data.unlockUrl ?? data.invoiceUrl ?? data.chatUrl) as string | undefined;
    if (url) {
      expect(mail.html).toContain(`href="${url}"`);
      expect(mail.text).toContain(url);
    }
  });

  it("is pure: same input, same output", () => {
    const a = renderEmail("new-sign-in", SAMPLES["new-sign-in"]);
    expect(renderEmail("new-sign-in", SAMPLES["new-sign-in"])).toEqual(a);
    expect(a.text).toContain("2026-11-22 10:15 UTC");
  });

  it("escapes every interpolated value in HTML and keeps it verbatim in text", () => {
    const mail = renderEmail("new-sign-in", {
      device: EVIL,
      ip: `"'><b>`,
      time: "2026-11-22T10:15:00Z",
      name: EVIL,
    });
    expect(mail.html).not.toContain("<script");
    expect(mail.html).not.toContain("<img");
    expect(mail.html).not.toContain("<b>");
    expect(mail.html).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;");
    expect(mail.html).toContain("&quot;&#39;&gt;&lt;b&gt;");
    expect(mail.text).toContain(EVIL);
  });

  it("escapes URLs inside attributes so they cannot break out of href", () => {
    const url = `https://app.test/verify?t="><script>alert(1)</script>`;
    const mail = renderEmail("verify-email", { url });
    expect(mail.html).not.toContain("<script");
    expect(mail.html).toContain(`href="https://app.test/verify?t=&quot;&gt;&lt;script&gt;`);
  });

  it("rejects non-http links, missing fields and wrong types", () => {
    expect(() => renderEmail("verify-email", { url: "javascript:alert(1)" })).toThrow();
    expect(() =>
      renderEmail("account-locked", { unlockUrl: "data:text/html,hi", until: "2026-01-01" }),
    ).toThrow();
    expect(() => renderEmail("password-reset", { url: "https://app.test/r" })).toThrow();
    expect(() => renderEmail("two-factor-changed", { enabled: "yes" })).toThrow();
    expect(() => renderEmail("new-sign-in", { device: "d", ip: "i", time: "not a date" })).toThrow();
    expect(() => renderEmail("nope" as EmailTemplate, {})).toThrow(/Unknown email template/);
  });

  it("says on or off for two-factor changes and greets without a name", () => {
    expect(renderEmail("two-factor-changed", { enabled: true }).subject).toMatch(/on$/);
    const off = renderEmail("two-factor-changed", { enabled: false });
    expect(off.subject).toMatch(/off$/);
    expect(off.text.startsWith("Hi,")).toBe(true);
  });
});

describe("cosmetic fields", () => {
  it("trim, truncate and fall back instead of rejecting", () => {
    const mail = renderEmail("new-sign-in", {
      device: " ",
      ip: "1.1.1.1, ".repeat(50),
      time: "2026-11-22T10:15:00Z",
      name: null,
    });
    expect(mail.text).toContain("Device: Unknown device");
    const ipLine = mail.text.split("\n").find((l) => l.startsWith("IP address: "));
    expect(ipLine).toBe(`IP address: ${"1.1.1.1, ".repeat(12).slice(0, 100).trim()}`);
    expect(mail.text.startsWith("Hi,")).toBe(true);
    expect(renderEmail("verify-email", { url: "https://a.test/v", name: "   " }).text.startsWith("Hi,")).toBe(
      true,
    );
  });
});

describe("the billing and lifecycle mails", () => {
  const brand = {
    productName: "Acme AI",
    legalEntity: "Acme AI GmbH",
    legalAddress: "Hauptstr. 1\n10115 Berlin",
    vatId: "DE123456789",
    supportEmail: "help@acme.test",
  };

  it("a receipt shows money as money, the PT credited and the seller's identity, in both parts", () => {
    const mail = renderEmail("purchase-receipt", SAMPLES["purchase-receipt"], brand);
    expect(mail.subject).toBe("Your Acme AI receipt: $19.99");
    for (const part of [mail.text, mail.html]) {
      expect(part).toContain("$19.99");
      expect(part).toContain("25,000 PT");
      expect(part).not.toContain("PT PT");
      expect(part).toContain("2026-11-22 10:15 UTC");
      expect(part).toContain("pi_123");
      expect(part).toContain("Acme AI GmbH");
      expect(part).toContain("Hauptstr. 1, 10115 Berlin");
      expect(part).toContain("DE123456789");
    }
    // JPY has no minor unit: 1999 is ¥1,999, not ¥19.99.
    const yen = renderEmail("purchase-receipt", { ...SAMPLES["purchase-receipt"], currency: "JPY" }, brand);
    expect(yen.text).toMatch(/[¥￥]1,999\b/);
  });

  it("a receipt with tax shows subtotal, the labelled tax and the total, and links the full receipt", () => {
    const mail = renderEmail(
      "purchase-receipt",
      {
        ...SAMPLES["purchase-receipt"],
        amountMinor: "2400",
        taxMinor: "400",
        taxLabel: "Demo VAT 20%",
        receiptUrl: "https://chat.acme.test/billing/receipts/p1",
      },
      brand,
    );
    for (const part of [mail.text, mail.html]) {
      expect(part).toContain("Subtotal");
      expect(part).toContain("$20.00");
      expect(part).toContain("Demo VAT 20%");
      expect(part).toContain("$4.00");
      expect(part).toContain("$24.00");
      expect(part).toContain("https://chat.acme.test/billing/receipts/p1");
    }
  });

  it("refuses amounts that are not integers (no floats on a money path)", () => {
    const bad = { ...SAMPLES["purchase-receipt"], amountMinor: "19.99" };
    expect(() => renderEmail("purchase-receipt", bad)).toThrow();
    expect(() =>
      renderEmail("invoice-available", { ...SAMPLES["invoice-available"], amountMinor: 1.5 }),
    ).toThrow();
  });

  it("an invoice mail links to Stripe's hosted invoice, else to the billing page", () => {
    const hosted = renderEmail("invoice-available", SAMPLES["invoice-available"], brand);
    expect(hosted.subject).toMatch(/20,00\s€/);
    expect(hosted.text).toContain(
      "View and download the invoice: https://invoice.stripe.test/i/acct_1/in_123",
    );
    const { invoiceUrl: _, ...rest } = SAMPLES["invoice-available"];
    const local = renderEmail("invoice-available", rest, brand);
    expect(local.text).toContain("See your payments: https://app.test/billing");
    expect(local.html).not.toContain("stripe.test");
  });

  it("words each subscription change", () => {
    const base = SAMPLES["subscription-changed"];
    const subject = (change: string) =>
      renderEmail("subscription-changed", { ...base, change }, brand).subject;
    expect(subject("started")).toBe("Your Acme AI Max subscription has started");
    expect(subject("changed")).toBe("Your Acme AI plan is now Max");
    expect(subject("cancelled")).toBe("Your Acme AI Max subscription is cancelled");
    expect(subject("resumed")).toBe("Your Acme AI Max subscription will continue");
    expect(subject("ended")).toBe("Your Acme AI Max subscription has ended");
    const changed = renderEmail("subscription-changed", base, brand);
    expect(changed.text).toContain("from Pro to Max");
    expect(changed.text).toContain("renews on 2026-12-22");
    expect(renderEmail("subscription-changed", { ...base, change: "cancelled" }, brand).text).toContain(
      "You keep Max until 2026-12-22",
    );
    expect(() => renderEmail("subscription-changed", { ...base, change: "exploded" })).toThrow();
  });

  it("the footer of optional mail carries unsubscribe and preferences links; essential mail has none", () => {
    const footer = {
      categoryLabel: "Receipts and subscription notices",
      unsubscribeUrl: "https://app.test/unsubscribe?token=t",
      preferencesUrl: "https://app.test/account/emails",
    };
    const mail = renderEmail("welcome", SAMPLES.welcome, brand, footer);
    expect(mail.text).toContain("Unsubscribe: https://app.test/unsubscribe?token=t");
    expect(mail.text).toContain("Email preferences: https://app.test/account/emails");
    expect(mail.html).toContain('href="https://app.test/unsubscribe?token=t"');
    expect(mail.text).toContain("You receive receipts and subscription notices from Acme AI.");
    const plain = renderEmail("welcome", SAMPLES.welcome, brand);
    expect(plain.text).not.toContain("Unsubscribe");
    expect(plain.text).toContain("50,000 PT every month");
  });
});
