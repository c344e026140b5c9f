// Tax money is exact (property-based, fast-check): for any price and any buyer, the demo tax is the
// half-even fifth of the net; the test checkout's signed events carry it so that the webhook side
// reads back the same tax, subtotal + tax = total, and the price check (total less the tax added on
// top = the price) holds; the buyer's details survive the trip into a payment row and back (a plan
// switch taxes from them). Pure: no database.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CheckoutSession, Invoice } from "@/lib/billing/stripe-objects";
import { DEMO_TAX_LABEL, demoTaxMinor, invoiceTax, sessionTax } from "@/lib/billing/tax";
import { testCheckoutEvents } from "@/lib/billing/test-mode";
import type { TestBuyer } from "@/lib/billing/test-objects";
import { buyerFromStored } from "@/lib/billing/test-tax";
import { roundHalfEven } from "@/lib/money/rounding";

const text = (min: number, max: number) =>
  fc
    .string({ minLength: min, maxLength: max, unit: "grapheme-ascii" })
    .map((s) => s.replace(/[\n\r]/g, " ").trim())
    .filter((s) => s.length >= min && !s.includes("  "));

const buyer: fc.Arbitrary<TestBuyer> = fc.record({
  name: text(1, 40),
  line1: text(1, 40),
  line2: fc.option(text(1, 40), { nil: undefined }),
  postalCode: text(1, 10).filter((s) => !s.includes(" ")),
  city: text(1, 30),
  country: fc.constantFrom("DE", "FR", "GB", "US", "JP"),
  taxId: fc.option(fc.stringMatching(/^[A-Z]{2}[0-9]{6,12}$/), { nil: undefined }),
});

const net = fc.bigInt({ min: 0n, max: 10n ** 12n });

function intent(kind: "pack" | "plan", amount: bigint) {
  return {
    id: "6f1c2b9e-0d4a-4c3b-9a7e-2f5d8c1b0a93",
    userId: "0b7e3c1a-5d2f-4e8b-a9c6-1d3f5e7a9b2c",
    kind,
    productId: kind === "pack" ? "small" : "pro",
    stripeSessionId: null,
    expectedAmountMinor: amount,
    currency: "usd",
  };
}

describe("tax money is exact", () => {
  it("the demo tax is the half-even fifth of the net", () => {
    fc.assert(
      fc.property(net, (n) => {
        const tax = demoTaxMinor(n);
        expect(tax).toBe(roundHalfEven(n * 2_000n, 10_000n));
        expect(tax * 5n - n <= 2n && n - tax * 5n <= 2n).toBe(true);
      }),
    );
    expect(demoTaxMinor(-5n)).toBe(0n);
    expect(DEMO_TAX_LABEL).toMatch(/demo/i);
  });

  it("a taxed test checkout's events read back as the same tax, net and total", () => {
    fc.assert(
      fc.property(net, buyer, fc.constantFrom("pack" as const, "plan" as const), (n, b, kind) => {
        const tax = { amount: Number(demoTaxMinor(n)), taxable: Number(n), buyer: b };
        const events = testCheckoutEvents({
          intent: intent(kind, n),
          customer: "cus_test_x",
          now: new Date(0),
          tax,
        });
        const completed = events.find((e) => e.type === "checkout.session.completed");
        const session = CheckoutSession.parse(completed?.data.object);
        const fromSession = sessionTax(session);
        expect(fromSession.taxMinor).toBe(demoTaxMinor(n));
        expect(BigInt(session.amount_total ?? -1) - fromSession.taxMinor).toBe(n);
        expect(fromSession.taxLabel).toBe(DEMO_TAX_LABEL);
        expect(fromSession.buyerCountry).toBe(b.country);
        if (kind === "plan") {
          const invoice = Invoice.parse(events.find((e) => e.type === "invoice.paid")?.data.object);
          const fromInvoice = invoiceTax(invoice);
          expect(fromInvoice).toEqual(fromSession);
          expect(BigInt(invoice.amount_paid)).toBe(n + fromInvoice.taxMinor);
        }
      }),
      { numRuns: 200 },
    );
  });

  it("the buyer stored with a payment taxes the next invoice with the same details", () => {
    fc.assert(
      fc.property(net, buyer, (n, b) => {
        const first = { amount: Number(demoTaxMinor(n)), taxable: Number(n), buyer: b };
        const events = testCheckoutEvents({
          intent: intent("plan", n),
          customer: "c",
          now: new Date(0),
          tax: first,
        });
        const stored = invoiceTax(Invoice.parse(events.find((e) => e.type === "invoice.paid")?.data.object));
        const again = buyerFromStored(stored);
        if (!again) throw new Error("no buyer");
        const next = testCheckoutEvents({
          intent: intent("plan", n),
          customer: "c",
          now: new Date(0),
          tax: { ...first, buyer: again },
        });
        const reread = invoiceTax(Invoice.parse(next.find((e) => e.type === "invoice.paid")?.data.object));
        expect(reread).toEqual(stored);
      }),
      { numRuns: 200 },
    );
  });
});
