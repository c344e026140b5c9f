// GET /api/chat/account: the caller's (user or guest) available PT, today's spend and the chat
// limits in force, for the always-visible balance and the low-balance / rate-limit warnings.
import { chatAccountSummary } from "@/lib/chat/settings";
import { otherMethods } from "@/lib/http/methods";
import { withGuestOrUser } from "@/lib/http/wrappers";

export const GET = withGuestOrUser({}, async ({ principal, db }) => chatAccountSummary(db, principal));

export const { HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ GET });
