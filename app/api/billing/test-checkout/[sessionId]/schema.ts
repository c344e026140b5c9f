import { z } from "zod";

export const TestSessionParams = z.object({ sessionId: z.string().regex(/^cs_test_local_[0-9a-f]{32}$/) });

export const TestCheckoutResponse = z.object({
  sessionId: z.string(),
  status: z.enum(["pending", "completed", "expired", "review"]),
  kind: z.enum(["plan", "pack"]),
  productId: z.string(),
  amount: z.string(),
  pt: z.string(),
  expiresAt: z.string(),
  /** With STRIPE_AUTOMATIC_TAX=1: the demo tax on this price and the total; an address is required. */
  tax: z.object({ label: z.string(), amount: z.string(), total: z.string() }).nullable(),
});

const line = (max: number) => z.string().trim().min(1, "Required.").max(max);

/** The billing details Stripe Checkout collects when tax is on (the test checkout's form). */
export const TestBilling = z.strictObject({
  name: line(200),
  line1: line(200),
  line2: z.string().trim().max(200).optional(),
  postalCode: line(20),
  city: line(100),
  country: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[A-Z]{2}$/, "A two-letter country code (ISO 3166), e.g. DE."),
  taxId: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[A-Z0-9 .-]{2,30}$/, "Letters and digits, e.g. DE123456789.")
    .optional(),
});

/** Pay: the billing details when tax is collected; the body may be left out otherwise. */
export const TestPayRequest = z.strictObject({ billing: TestBilling.optional() });

export const TestPayResponse = z.object({ delivered: z.number().int(), successUrl: z.string() });
