import { z } from "zod";

const Pt = z.string().regex(/^-?\d+$/);

export const BalanceResponse = z.object({
  available: Pt,
  posted: Pt,
  pending: Pt,
  debt: Pt,
  grants: z.array(z.object({ source: z.string(), remaining: Pt, expiresAt: z.string().nullable() })),
});
export type BalanceResponse = z.infer<typeof BalanceResponse>;
