// GET/PUT /api/account/privacy — the user's "keep conversation history" setting (off: the
// retention job erases conversation text a day after the last message).
import { getKeepHistory, setKeepHistory } from "@/lib/chat/settings";
import { otherMethods } from "@/lib/http/methods";
import { withUser } from "@/lib/http/wrappers";
import { PrivacySettingsRequest } from "./schema";

export const GET = withUser({}, async ({ principal, db }) => ({
  keepHistory: await getKeepHistory(db, principal.userId),
}));

export const PUT = withUser(
  { body: PrivacySettingsRequest, maxBodyBytes: 1024 },
  async ({ principal, body, db }) => {
    await setKeepHistory(db, principal.userId, body.keepHistory);
    return { keepHistory: body.keepHistory };
  },
);

export const { HEAD, POST, PATCH, DELETE, OPTIONS } = otherMethods({ GET, PUT });
