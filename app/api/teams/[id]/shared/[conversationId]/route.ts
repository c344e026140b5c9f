// GET /api/teams/:id/shared/:conversationId — read a shared conversation; PUT — share your own
// conversation of this team with it; DELETE — stop sharing it.
import { ShareParams } from "@/app/api/teams/schema";
import { otherMethods } from "@/lib/http/methods";
import { withUser } from "@/lib/http/wrappers";
import { readShared, setShared } from "@/lib/teams/sharing";

const ref = (params: { id: string; conversationId: string }, userId: string) => ({
  teamId: params.id,
  userId,
  conversationId: params.conversationId,
});

export const GET = withUser({ params: ShareParams, flag: "teams" }, async ({ principal, params, db }) => ({
  conversation: await readShared(db, ref(params, principal.userId)),
}));

export const PUT = withUser({ params: ShareParams, flag: "teams" }, async ({ principal, params, db }) =>
  setShared(db, { ...ref(params, principal.userId), shared: true }),
);

export const DELETE = withUser({ params: ShareParams, flag: "teams" }, async ({ principal, params, db }) =>
  setShared(db, { ...ref(params, principal.userId), shared: false }),
);

export const { HEAD, POST, PATCH, OPTIONS } = otherMethods({ GET, PUT, DELETE });
