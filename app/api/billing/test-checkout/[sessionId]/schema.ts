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
});

export const TestPayResponse = z.object({ delivered: z.number().int(), successUrl: z.string() });
