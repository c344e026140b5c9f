// GET /api/admin/webhooks-out/:id/deliveries — the delivery log (every attempt).
import { deliveryListRoutes, operatorOwner } from "@/app/api/account/webhooks/handlers";
import { withAdmin } from "@/lib/http/wrappers";

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = deliveryListRoutes(withAdmin, operatorOwner);
