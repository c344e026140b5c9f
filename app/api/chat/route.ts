// POST /api/chat: one chat turn, streamed with the AI SDK's UI message stream protocol. The final
// part's metadata carries { ptCharged, ptAvailable }; 402 pt_exhausted when the hold is refused.
import { ChatRequest } from "@/app/api/chat/schema";
import { sendMessage } from "@/lib/chat/send-message";
import { otherMethods } from "@/lib/http/methods";
import { withGuestOrUser } from "@/lib/http/wrappers";
import { assertLegalAccepted } from "@/lib/legal/acceptances";

export const dynamic = "force-dynamic";
export const maxDuration = 300;

export const POST = withGuestOrUser(
  { body: ChatRequest, maxBodyBytes: 48 * 1024 },
  async ({ principal, body, request, db }) => {
    // A signed-in user under new Terms or Privacy Policy accepts them first (403 legal_acceptance_required).
    if (principal.kind === "user") await assertLegalAccepted(db, principal.userId);
    return sendMessage(db, { principal, ...body, signal: request.signal });
  },
);

export const { GET, HEAD, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ POST });
