import { z } from "zod";

export const DisputesQuery = z.object({
  status: z.enum(["open", "approved", "rejected"]).optional(),
  cursor: z.uuid().optional(),
  limit: z.coerce.number().int().min(1).max(200).optional(),
});

export const DisputeParams = z.object({ id: z.uuid() });
export const ApproveRequest = z.object({ note: z.string().trim().max(1000).optional() });
export const RejectRequest = z.object({ note: z.string().trim().min(3, "a note is required").max(1000) });
