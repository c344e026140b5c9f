// POST /v1/chat/completions: OpenAI-compatible, metered in PT with the same hold as chat
// (lib/api/completions.ts). Authenticated by API key; errors in OpenAI's shape.
import { ChatCompletionRequest } from "@/app/v1/chat/completions/schema";
import { assertScope } from "@/lib/api/authenticate";
import { createCompletion } from "@/lib/api/completions";
import { assertOwnerAcceptedLegal } from "@/lib/api/legal-gate";
import { otherMethods } from "@/lib/http/methods";
import { withApiKey } from "@/lib/http/wrappers";

export const dynamic = "force-dynamic";
export const maxDuration = 300;

export const POST = withApiKey(
  { body: ChatCompletionRequest, maxBodyBytes: 512 * 1024, recordRefusals: true },
  async ({ principal, body, request, db }) => {
    assertScope(principal, "chat");
    // As chat: an owner under Terms or a Privacy Policy not yet accepted is refused (403).
    await assertOwnerAcceptedLegal(db, principal);
    // The key's RateLimit headers are added by withApiKey, to refusals as well.
    return createCompletion(db, principal, { ...body, rawBody: body }, request.signal);
  },
);

export const { GET, HEAD, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ POST });
