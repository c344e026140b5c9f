// GET /api/admin/webhooks-out — the operator webhook endpoints (admins); POST — a new one (its secret in this answer only).
import { collectionRoutes, operatorOwner } from "@/app/api/account/webhooks/handlers";
import { withAdmin } from "@/lib/http/wrappers";

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = collectionRoutes(withAdmin, operatorOwner);
