import { z } from "zod";
import { EmailsListQuery } from "@/lib/email/outbox-admin";

// The list query lives with the service (the page validates its searchParams with it too).
export const EmailsQuery = EmailsListQuery;

export const EmailParams = z.object({ id: z.uuid() });
