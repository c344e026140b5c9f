// GET /api/account/webhooks/:id/deliveries — the delivery log (every attempt).
import { deliveryListRoutes, userOwner } from "@/app/api/account/webhooks/handlers";
import { withUser } from "@/lib/http/wrappers";

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = deliveryListRoutes(withUser, userOwner);
