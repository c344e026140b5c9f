// POST /api/account/webhooks/:id/rotate-secret — a new secret; the old one signs too for 24 h.
import { rotateRoutes, userOwner } from "@/app/api/account/webhooks/handlers";
import { withUser } from "@/lib/http/wrappers";

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = rotateRoutes(withUser, userOwner);
