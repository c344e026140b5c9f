import { z } from "zod";
import { WEBHOOK_EVENT_TYPES } from "@/lib/webhooks-out/events";

const Url = z
  .string()
  .trim()
  .max(2_000)
  .refine((v) => /^https?:\/\//i.test(v) && URL.canParse(v), "An http(s) URL.");
const Events = z
  .array(z.enum(WEBHOOK_EVENT_TYPES))
  .min(1, "Pick at least one event.")
  .max(WEBHOOK_EVENT_TYPES.length);
const Description = z.string().trim().max(200);

/** POST /api/account/webhooks and /api/admin/webhooks-out */
export const CreateEndpointRequest = z
  .object({
    url: Url,
    /** Admins only: slack / discord for an incoming-webhook URL that receives admin alerts. */
    format: z.enum(["standard", "slack", "discord"]).optional(),
    /** Required for the standard format; ignored by slack / discord (admin alerts only). */
    events: Events.optional(),
    description: Description.optional(),
    enabled: z.boolean().optional(),
  })
  .strict();
/** PATCH …/:id */
export const UpdateEndpointRequest = z
  .object({
    url: Url.optional(),
    events: Events.optional(),
    description: Description.optional(),
    enabled: z.boolean().optional(),
  })
  .strict();
export const EndpointParams = z.object({ id: z.uuid() });

export const EndpointView = z.object({
  id: z.string(),
  url: z.string(),
  description: z.string(),
  format: z.enum(["standard", "slack", "discord"]),
  events: z.array(z.string()),
  enabled: z.boolean(),
  disabledReason: z.string().nullable(),
  failingSince: z.date().nullable(),
  previousSecretUntil: z.date().nullable(),
  createdAt: z.date(),
  updatedAt: z.date(),
});
export const EndpointListResponse = z.object({ endpoints: z.array(EndpointView) });
export const EndpointResponse = z.object({ endpoint: EndpointView });
/** The secret appears in this answer only (creation, rotation). */
export const EndpointSecretResponse = z.object({ endpoint: EndpointView, secret: z.string() });

export const DeliveryView = z.object({
  id: z.string(),
  eventId: z.string(),
  eventType: z.string(),
  status: z.string(),
  attempts: z.number(),
  nextAttemptAt: z.date(),
  lastStatusCode: z.number().nullable(),
  lastError: z.string().nullable(),
  deliveredAt: z.date().nullable(),
  createdAt: z.date(),
  log: z.array(
    z.object({
      attempt: z.number(),
      statusCode: z.number().nullable(),
      durationMs: z.number(),
      error: z.string().nullable(),
      responseExcerpt: z.string().nullable(),
      createdAt: z.date(),
    }),
  ),
});
export const DeliveryListResponse = z.object({ deliveries: z.array(DeliveryView) });
export const DeliveryResponse = z.object({ delivery: DeliveryView });
