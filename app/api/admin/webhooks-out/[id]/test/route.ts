// POST /api/admin/webhooks-out/:id/test — send a webhook.test event now.
import { operatorOwner, testEventRoutes } from "@/app/api/account/webhooks/handlers";
import { withAdmin } from "@/lib/http/wrappers";

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = testEventRoutes(withAdmin, operatorOwner);
