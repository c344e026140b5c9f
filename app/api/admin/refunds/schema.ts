import { z } from "zod";

export const PaymentsQuery = z.object({
  userId: z.uuid().optional(),
  refunded: z
    .enum(["true", "false"])
    .transform((v) => v === "true")
    .optional(),
  cursor: z.uuid().optional(),
  limit: z.coerce.number().int().min(1).max(200).optional(),
});

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
