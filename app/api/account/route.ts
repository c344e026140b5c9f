// GET /api/account — the signed-in user's profile; PATCH — change the display name.
import { getAccount, updateProfile } from "@/lib/auth/account";
import { otherMethods } from "@/lib/http/methods";
import { withUser } from "@/lib/http/wrappers";
import { UpdateProfileRequest } from "./schema";

export const GET = withUser({}, async ({ principal, db }) => getAccount(db, principal.userId));

export const PATCH = withUser(
  { body: UpdateProfileRequest, maxBodyBytes: 4 * 1024 },
  async ({ principal, body, db }) => {
    await updateProfile(db, principal.userId, body);
    return getAccount(db, principal.userId);
  },
);

export const { HEAD, POST, PUT, DELETE, OPTIONS } = otherMethods({ GET, PATCH });
