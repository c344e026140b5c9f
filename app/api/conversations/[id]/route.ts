// GET /api/conversations/:id (with messages), PATCH (rename), DELETE (soft). Another owner's id,
// a deleted one and a malformed one all answer 404.
import {
  ConversationParams,
  ConversationResponse,
  RenameConversationRequest,
  RenameConversationResponse,
} from "@/app/api/conversations/[id]/schema";
import { deleteConversation, getConversation, renameConversation } from "@/lib/chat/conversations";
import { ownerOf } from "@/lib/chat/owner";
import { AppError } from "@/lib/errors";
import { otherMethods } from "@/lib/http/methods";
import { withGuestOrUser } from "@/lib/http/wrappers";

function conversationId(params: Record<string, string>): string {
  const parsed = ConversationParams.safeParse(params);
  if (!parsed.success) throw new AppError("not_found", "Conversation not found.");
  return parsed.data.id;
}

export const GET = withGuestOrUser({}, async ({ principal, params, db }) =>
  ConversationResponse.parse(await getConversation(db, ownerOf(principal), conversationId(params))),
);

export const PATCH = withGuestOrUser(
  { body: RenameConversationRequest },
  async ({ principal, params, body, db }) =>
    RenameConversationResponse.parse({
      conversation: await renameConversation(db, ownerOf(principal), conversationId(params), body.title),
    }),
);

export const DELETE = withGuestOrUser({}, async ({ principal, params, db }) => {
  await deleteConversation(db, ownerOf(principal), conversationId(params));
  return new Response(null, { status: 204 });
});

export const { HEAD, POST, PUT, OPTIONS } = otherMethods({ GET, PATCH, DELETE });
