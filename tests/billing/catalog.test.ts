// The catalog: integer minor units per currency, INR grouped the Indian way, price ids from env,
// and the environment rules for Stripe settings.
import { afterEach, describe, expect, it } from "vitest";
import { catalog, formatPrice, packProduct, planProduct, productForPriceId } from "@/lib/billing/catalog";
import { retryDelayMs } from "@/lib/billing/event-store";
import { invoiceAllowance } from "@/lib/billing/purchases";
import { Invoice } from "@/lib/billing/stripe-objects";
import { addMonth, invoiceObject } from "@/lib/billing/test-objects";
import { ENTITLEMENTS } from "@/lib/entitlements";
import { parseEnv } from "@/lib/env";
import { PRICES, useFakeStripeEnv, useTestModeEnv } from "@/tests/billing/helpers";

afterEach(() => useTestModeEnv());

describe("catalog", () => {
  it("lists Free, Pro and Max with allowances, tiers and throttles from the entitlements table", () => {
    useTestModeEnv();
    const c = catalog();
    expect(c.currency).toBe("usd");
    expect(c.testMode).toBe(true);
    expect(c.plans.map((p) => p.id)).toEqual(["free", "pro", "max"]);
    const pro = c.plans[1];
    expect(pro?.priceMinor).toBe(ENTITLEMENTS.pro.monthlyPriceMinor.toString());
    expect(pro?.price).toBe("$20.00");
    expect(pro?.monthlyAllowancePt).toBe("1500000");
    expect(pro?.approxMessages).toBe("1,500");
    expect(pro?.modelTiers).toEqual(["free", "pro"]);
    expect(c.plans[0]?.purchasable).toBe(false);
    expect(c.packs.map((p) => [p.id, p.price, p.pt])).toEqual([
      ["small", "$5.00", "250000"],
      ["medium", "$20.00", "1100000"],
      ["large", "$50.00", "3000000"],
    ]);
  });

  it("formats INR the Indian way from exact minor units", () => {
    useTestModeEnv({ BILLING_CURRENCY: "INR" });
    expect(formatPrice(12_345_678n, "inr")).toBe("₹1,23,456.78");
    expect(formatPrice(5n, "inr")).toBe("₹0.05");
    const c = catalog();
    expect(c.currency).toBe("inr");
    expect(c.plans[1]?.price).toBe("₹1,699.00");
    expect(planProduct("pro").amountMinor).toBe(169_900n);
  });

  it("maps Stripe price ids from the environment both ways; a missing id makes the product unsellable", () => {
    useFakeStripeEnv("http://127.0.0.1:9", { STRIPE_PRICE_PACK_LARGE: "" });
    expect(planProduct("max").priceId).toBe(PRICES.max);
    expect(productForPriceId(PRICES.small)).toMatchObject({ kind: "pack", id: "small", pt: 250_000n });
    expect(productForPriceId("price_unknown")).toBeNull();
    expect(packProduct("large").priceId).toBeNull();
    expect(catalog().packs.find((p) => p.id === "large")?.purchasable).toBe(false);
  });

  it("requires the webhook secret with a Stripe key in production and validates the settings", () => {
    expect(() => parseEnv({ NODE_ENV: "production", STRIPE_SECRET_KEY: "sk_live_x" })).toThrow(
      /STRIPE_WEBHOOK_SECRET/,
    );
    expect(() => parseEnv({ STRIPE_WEBHOOK_SECRET: "nope" })).toThrow(/STRIPE_WEBHOOK_SECRET/);
    expect(() => parseEnv({ PRORATION_BEHAVIOR: "sometimes" })).toThrow(/PRORATION_BEHAVIOR/);
    expect(() => parseEnv({ BILLING_CURRENCY: "btc" })).toThrow(/BILLING_CURRENCY/);
    const e = parseEnv({});
    expect([e.BILLING_CURRENCY, e.PRORATION_BEHAVIOR, e.WEBHOOK_MAX_ATTEMPTS]).toEqual([
      "usd",
      "create_prorations",
      8,
    ]);
  });
});

describe("allowance of an invoice", () => {
  const start = Math.floor(Date.UTC(2026, 0, 31) / 1000);
  const end = Math.floor(addMonth(new Date(start * 1000)).getTime() / 1000);
  const base = {
    id: "in_1",
    customer: "cus_1",
    subscription: "sub_1",
    subscriptionMetadata: {},
    status: "paid" as const,
    currency: "usd",
    created: start,
  };

  it("grants the plan's allowance for a new period, expiring at the period end (month clamped)", () => {
    useTestModeEnv();
    expect(new Date(end * 1000).toISOString()).toBe("2026-02-28T00:00:00.000Z");
    const invoice = Invoice.parse(
      invoiceObject({
        ...base,
        billingReason: "subscription_cycle",
        lines: [{ priceId: "price_test_pro", amount: 2000, start, end }],
      }),
    );
    expect(invoiceAllowance(invoice)).toEqual({
      pt: 1_500_000n,
      plan: "pro",
      periodEnd: new Date(end * 1000),
    });
  });

  it("grants only the increase on an upgrade's proration invoice and nothing on a downgrade", () => {
    useTestModeEnv();
    const up = Invoice.parse(
      invoiceObject({
        ...base,
        billingReason: "subscription_update",
        lines: [
          { priceId: "price_test_pro", amount: -1000, start, end },
          { priceId: "price_test_max", amount: 5000, start, end },
        ],
      }),
    );
    expect(invoiceAllowance(up)?.pt).toBe(8_000_000n - 1_500_000n);
    const down = Invoice.parse(
      invoiceObject({
        ...base,
        billingReason: "subscription_update",
        lines: [
          { priceId: "price_test_max", amount: -5000, start, end },
          { priceId: "price_test_pro", amount: 1000, start, end },
        ],
      }),
    );
    expect(invoiceAllowance(down)?.pt).toBe(0n);
  });
});

describe("retry backoff", () => {
  it("doubles per attempt with jitter between half and the full delay, capped at six hours", () => {
    expect(retryDelayMs(1, () => 0)).toBe(15_000);
    expect(retryDelayMs(1, () => 1)).toBe(30_000);
    expect(retryDelayMs(4, () => 1)).toBe(240_000);
    expect(retryDelayMs(30, () => 1)).toBe(6 * 3600 * 1000);
    const samples = new Set(Array.from({ length: 20 }, () => retryDelayMs(3)));
    expect(samples.size).toBeGreaterThan(1);
  });
});
