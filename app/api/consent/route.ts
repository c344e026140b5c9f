// POST /api/consent { analytics, marketing } — the cookie banner's choice: sets the first-party
// consent cookie for everyone and, for a signed-in user, records it server-side (version, time, IP).
import { secureCookies } from "@/lib/auth/config";
import { resolveUser } from "@/lib/auth/principal";
import { CONSENT_VERSION, consentSetCookie } from "@/lib/consent/cookie";
import { recordConsent } from "@/lib/consent/record";
import { otherMethods } from "@/lib/http/methods";
import { json } from "@/lib/http/respond";
import { withPublic } from "@/lib/http/route";
import { ConsentRequest, ConsentResponse } from "./schema";

export const dynamic = "force-dynamic";

export const POST = withPublic(
  { body: ConsentRequest, maxBodyBytes: 1024 },
  async ({ body, request, ip, db }) => {
    const user = await resolveUser(request);
    if (user && user.status !== "deleted") await recordConsent(db, { userId: user.userId, choice: body, ip });
    return json(ConsentResponse.parse({ version: CONSENT_VERSION, ...body }), {
      headers: { "set-cookie": consentSetCookie(body, secureCookies()) },
    });
  },
);

export const { GET, HEAD, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ POST });
