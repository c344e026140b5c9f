import { z } from "zod";
import { PaymentsListQuery } from "@/lib/admin/refunds";

// The list query lives with the service (the page validates its searchParams with it too).
export const PaymentsQuery = PaymentsListQuery;

export const RefundRequest = z.object({
  paymentId: z.uuid(),
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
});
