import { z } from "zod";

export const CheckoutRequest = z.union([
  z.strictObject({ planId: z.enum(["pro", "max"]) }),
  z.strictObject({ packId: z.enum(["small", "medium", "large"]) }),
]);

export const CheckoutResponse = z.object({
  url: z.url(),
  reused: z.boolean(),
  switched: z.boolean().optional(),
});
