// PATCH /api/account/webhooks/:id — edit; DELETE — remove. Another user's id is 404.
import { endpointRoutes, userOwner } from "@/app/api/account/webhooks/handlers";
import { withUser } from "@/lib/http/wrappers";

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = endpointRoutes(withUser, userOwner);
