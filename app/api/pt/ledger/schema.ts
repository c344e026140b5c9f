import { z } from "zod";
import { isEntryCursor } from "@/lib/ledger/cursor";

export const LedgerQuery = z.object({
  cursor: z.string().refine(isEntryCursor, "Invalid cursor.").optional(),
  limit: z.coerce.number().int().min(1).max(200).optional(),
});

const Pt = z.string().regex(/^-?\d+$/);

export const LedgerResponse = z.object({
  items: z.array(
    z.object({
      id: z.string(),
      at: z.string(),
      kind: z.string(),
      amount: Pt,
      balanceAfter: Pt.nullable(),
      transactionId: z.string(),
      model: z.string().nullable(),
      inputTokens: z.number().int().nullable(),
      outputTokens: z.number().int().nullable(),
    }),
  ),
  nextCursor: z.string().nullable(),
});
