// GET /api/account/email-preferences — every category with its state; PUT — turn optional
// categories on or off (security and account mail cannot be turned off: 422).
import { getEmailPreferences, setEmailPreferences } from "@/lib/email/preferences";
import { otherMethods } from "@/lib/http/methods";
import { withUser } from "@/lib/http/wrappers";
import { UpdateEmailPreferencesRequest } from "./schema";

export const GET = withUser({}, async ({ principal, db }) => ({
  preferences: await getEmailPreferences(db, principal.userId),
}));

export const PUT = withUser(
  { body: UpdateEmailPreferencesRequest, maxBodyBytes: 4 * 1024 },
  async ({ principal, body, db }) => ({
    preferences: await setEmailPreferences(db, principal.userId, body),
  }),
);

export const { POST, PATCH, DELETE, HEAD, OPTIONS } = otherMethods({ GET, PUT });
