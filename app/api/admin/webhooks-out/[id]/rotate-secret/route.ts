// POST /api/admin/webhooks-out/:id/rotate-secret — a new secret; the old one signs too for 24 h.
import { operatorOwner, rotateRoutes } from "@/app/api/account/webhooks/handlers";
import { withAdmin } from "@/lib/http/wrappers";

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = rotateRoutes(withAdmin, operatorOwner);
