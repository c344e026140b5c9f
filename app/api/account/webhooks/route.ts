// GET /api/account/webhooks — the user's webhook endpoints; POST — a new one (its secret in this answer only).
import { collectionRoutes, userOwner } from "@/app/api/account/webhooks/handlers";
import { withUser } from "@/lib/http/wrappers";

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = collectionRoutes(withUser, userOwner);
