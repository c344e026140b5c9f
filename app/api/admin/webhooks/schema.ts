import { z } from "zod";
import { WebhooksListQuery } from "@/lib/admin/webhooks";

// The list query lives with the service (the page validates its searchParams with it too).
export const WebhooksQuery = WebhooksListQuery;

export const EventParams = z.object({ id: z.string().min(1).max(255) });
