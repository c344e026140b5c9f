// TEMPORARY stand-in for accounts' POST /api/guest (replaced when issue-accounts merges): only
// with CHAT_STANDIN_GUESTS=1; otherwise 404 like any unknown endpoint.
import { createStandinGuest, readStandinGuest, standinGuestsEnabled } from "@/lib/auth/standin-guest";
import { AppError } from "@/lib/errors";
import { json } from "@/lib/http/respond";
import { withPublic } from "@/lib/http/route";
import { RATE_LIMIT_POLICIES } from "@/lib/ratelimit/policies";

export const POST = withPublic({ rateLimit: RATE_LIMIT_POLICIES.guestCreate }, async ({ request }) => {
  if (!standinGuestsEnabled()) throw new AppError("not_found", "No such API endpoint.");
  const existing = readStandinGuest(request.headers.get("cookie"));
  if (existing) return { guestId: existing, created: false };
  const { guestId, cookie } = await createStandinGuest();
  return json({ guestId, created: true }, { status: 201, headers: { "set-cookie": cookie } });
});
