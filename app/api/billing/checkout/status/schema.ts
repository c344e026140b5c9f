import { z } from "zod";

export const CheckoutStatusQuery = z.object({ session_id: z.string().regex(/^cs_[A-Za-z0-9_]{1,200}$/) });

export const CheckoutStatusResponse = z.object({
  status: z.enum(["pending", "completed", "expired", "review", "unknown"]),
  kind: z.enum(["plan", "pack"]).nullable(),
  productId: z.string().nullable(),
  pt: z.string().nullable(),
  available: z.string(),
});
