// GET /api/conversations: the caller's conversations, newest first, with title search.
import { ListConversationsQuery, ListConversationsResponse } from "@/app/api/conversations/schema";
import { listConversations } from "@/lib/chat/conversations";
import { ownerOf } from "@/lib/chat/owner";
import { otherMethods } from "@/lib/http/methods";
import { withGuestOrUser } from "@/lib/http/wrappers";

export const GET = withGuestOrUser({ query: ListConversationsQuery }, async ({ principal, query, db }) =>
  ListConversationsResponse.parse(await listConversations(db, ownerOf(principal), query)),
);

export const { HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ GET });
