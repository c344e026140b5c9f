// POST /api/pt/estimate: worst-case PT of a chat request (prompt tokens + maxOutputTokens).
// Guests too: the chat page shows the live estimate before a visitor has an account.

import { otherMethods } from "@/lib/http/methods";
import { withGuestOrUser } from "@/lib/http/wrappers";
import { estimate } from "@/lib/pricing/estimate";
import { EstimateRequest, EstimateResponse } from "./schema";

export const dynamic = "force-dynamic";

export const POST = withGuestOrUser(
  { body: EstimateRequest, maxBodyBytes: 1_000_000 },
  async ({ body, db }) => {
    const result = await estimate(db, body);
    return EstimateResponse.parse({ ...result, pt: result.pt.toString() });
  },
);

export const { GET, HEAD, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ POST });
