import { z } from "zod";
import { PaymentsListQuery } from "@/lib/admin/refunds";

// The list query lives with the service (the page validates its searchParams with it too).
export const PaymentsQuery = PaymentsListQuery;

export const RefundRequest = z
  .object({
    paymentId: z.uuid(),
    /** In the payment's currency, as people write it ("12.50"); exact, never more decimals than it has. */
    amount: z
      .string()
      .trim()
      .regex(/^\d{1,13}(\.\d{1,3})?$/, "An amount such as 12.50")
      .optional()
      .or(z.literal("").transform(() => undefined)),
    /** The same in minor units (cents), for API clients. */
    amountMinor: z
      .string()
      .trim()
      .regex(/^[1-9]\d{0,15}$/)
      .optional(),
    key: z
      .string()
      .trim()
      .min(8)
      .max(100)
      .regex(/^[\w:-]+$/),
    reason: z.string().trim().max(500).optional(),
  })
  .refine((b) => b.amount === undefined || b.amountMinor === undefined, {
    message: "Give the amount or amountMinor, not both.",
    path: ["amount"],
  });
