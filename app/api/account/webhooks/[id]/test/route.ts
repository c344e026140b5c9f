// POST /api/account/webhooks/:id/test — send a webhook.test event now.
import { testEventRoutes, userOwner } from "@/app/api/account/webhooks/handlers";
import { withUser } from "@/lib/http/wrappers";

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = testEventRoutes(withUser, userOwner);
