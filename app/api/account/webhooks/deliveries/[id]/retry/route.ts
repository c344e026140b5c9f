// POST /api/account/webhooks/deliveries/:id/retry — send a failed or dead delivery again.
import { retryRoutes, userOwner } from "@/app/api/account/webhooks/handlers";
import { withUser } from "@/lib/http/wrappers";

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = retryRoutes(withUser, userOwner);
