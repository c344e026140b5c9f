import { z } from "zod";

export const CreateDisputeRequest = z.object({
  itemType: z.enum(["message", "payment", "ledger_entry"]),
  itemId: z.string().trim().min(1).max(100),
  reason: z.string().trim().min(3, "tell us what went wrong").max(200),
  detail: z.string().trim().max(2000).optional(),
});

export const DisputeView = z.object({
  id: z.string(),
  itemType: z.enum(["message", "payment", "ledger_entry"]),
  itemId: z.string(),
  reason: z.string(),
  detail: z.string().nullable(),
  status: z.enum(["open", "approved", "rejected"]),
  amountPt: z.string().nullable(),
  resolutionNote: z.string().nullable(),
  createdAt: z.string(),
  resolvedAt: z.string().nullable(),
});
