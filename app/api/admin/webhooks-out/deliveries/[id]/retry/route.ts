// POST /api/admin/webhooks-out/deliveries/:id/retry — send a failed or dead delivery again.
import { operatorOwner, retryRoutes } from "@/app/api/account/webhooks/handlers";
import { withAdmin } from "@/lib/http/wrappers";

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = retryRoutes(withAdmin, operatorOwner);
