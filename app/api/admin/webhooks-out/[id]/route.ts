// PATCH /api/admin/webhooks-out/:id — edit; DELETE — remove. A user endpoint id is 404.
import { endpointRoutes, operatorOwner } from "@/app/api/account/webhooks/handlers";
import { withAdmin } from "@/lib/http/wrappers";

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = endpointRoutes(withAdmin, operatorOwner);
