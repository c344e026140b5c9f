// GET /api/models: the model catalog for the caller, locked models marked with the plans that unlock them.
import { loadChatAccess } from "@/lib/chat/limits";
import { listModels } from "@/lib/chat/models";
import { otherMethods } from "@/lib/http/methods";
import { withGuestOrUser } from "@/lib/http/wrappers";

export const GET = withGuestOrUser({}, async ({ principal, db }) => {
  const access = await loadChatAccess(db, principal);
  return { plan: access.plan, models: await listModels(db, access) };
});

export const { HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ GET });
