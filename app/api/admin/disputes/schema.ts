import { z } from "zod";
import { DisputesListQuery } from "@/lib/disputes/queue";

// The list query lives with the service (the page validates its searchParams with it too).
export const DisputesQuery = DisputesListQuery;

export const DisputeParams = z.object({ id: z.uuid() });
export const ApproveRequest = z.object({ note: z.string().trim().max(1000).optional() });
export const RejectRequest = z.object({ note: z.string().trim().min(3, "a note is required").max(1000) });
