// Tax in test mode: with STRIPE_AUTOMATIC_TAX=1 the built-in checkout asks for the billing address
// (as Stripe Checkout does) and applies the demo rate (lib/billing/tax.ts); a plan switch's
// proration invoice is taxed from the address the buyer gave last, as Stripe taxes a subscription's
// later invoices from the address saved on the customer.

import { automaticTaxEnabled, demoTaxMinor } from "@/lib/billing/tax";
import type { TestBuyer, TestTax } from "@/lib/billing/test-objects";
import type { Db } from "@/lib/db";
import { AppError } from "@/lib/errors";

/** The demo tax on netMinor for this buyer; undefined when tax is off. */
export function testTax(netMinor: bigint, buyer: TestBuyer | null | undefined): TestTax | undefined {
  if (!automaticTaxEnabled()) return undefined;
  if (!buyer)
    throw new AppError("validation_failed", "Enter your billing address: tax is calculated from it.", [
      { path: "billing", message: "Required while tax is collected." },
    ]);
  const net = netMinor > 0n ? netMinor : 0n;
  return { amount: Number(demoTaxMinor(net)), taxable: Number(net), buyer };
}

/**
 * The billing details of the user's latest taxed payment, back in Stripe's address fields, or null.
 */
export async function savedTestBuyer(db: Db, userId: string): Promise<TestBuyer | null> {
  const last = await db.payment.findFirst({
    where: { userId, buyerCountry: { not: null }, buyerAddress: { not: null } },
    orderBy: { createdAt: "desc" },
    select: { buyerName: true, buyerAddress: true, buyerCountry: true, buyerTaxId: true },
  });
  return last ? buyerFromStored(last) : null;
}

/**
 * A stored payment's buyer back as a TestBuyer. The stored address is formatAddress's lines —
 * "line1", ["line2"], "postal code city", "country" — so formatting the result again gives the same.
 */
export function buyerFromStored(stored: {
  buyerName: string | null;
  buyerAddress: string | null;
  buyerCountry: string | null;
  buyerTaxId: string | null;
}): TestBuyer | null {
  if (!stored.buyerAddress || !stored.buyerCountry) return null;
  const lines = stored.buyerAddress.split("\n");
  const cityLine = lines.length >= 3 ? (lines[lines.length - 2] ?? "") : "";
  const [postalCode = "", ...city] = cityLine.split(" ");
  return {
    name: stored.buyerName ?? "",
    line1: lines[0] ?? "",
    line2: lines.length >= 4 ? lines.slice(1, -2).join(" ") : undefined,
    postalCode,
    city: city.join(" "),
    country: stored.buyerCountry,
    taxId: stored.buyerTaxId ?? undefined,
  };
}
