// GET /api/conversations: the caller's conversations, newest first, with title search.
import { ListConversationsQuery, ListConversationsResponse } from "@/app/api/conversations/schema";
import { listConversations } from "@/lib/chat/conversations";
import { ownerOf } from "@/lib/chat/owner";
import { getDb } from "@/lib/db";
import { withGuestOrUser } from "@/lib/http/wrappers";

export const GET = withGuestOrUser({ query: ListConversationsQuery }, async ({ principal, query }) =>
  ListConversationsResponse.parse(await listConversations(await getDb(), ownerOf(principal), query)),
);
