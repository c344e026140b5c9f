// GET /api/chat/account: the caller's (user or guest) available PT, today's spend and the chat
// limits in force, for the always-visible balance and the low-balance / rate-limit warnings; with
// ?teamId= the team workspace's (the pool, the member's spend today and the cap that binds).
import { ChatAccountQuery } from "@/app/api/chat/account/schema";
import { chatAccountSummary } from "@/lib/chat/settings";
import { otherMethods } from "@/lib/http/methods";
import { withGuestOrUser } from "@/lib/http/wrappers";

export const GET = withGuestOrUser({ query: ChatAccountQuery }, async ({ principal, query, db }) =>
  chatAccountSummary(db, principal, query.teamId),
);

export const { HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ GET });
