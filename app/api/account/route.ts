// GET /api/account — the signed-in user's profile; PATCH — change the display name.
import { getAccount, updateProfile } from "@/lib/auth/account";
import { getDb } from "@/lib/db";
import { withUser } from "@/lib/http/wrappers";
import { UpdateProfileRequest } from "./schema";

export const GET = withUser({}, async ({ principal }) => getAccount(await getDb(), principal.userId));

export const PATCH = withUser(
  { body: UpdateProfileRequest, maxBodyBytes: 4 * 1024 },
  async ({ principal, body }) => {
    await updateProfile(await getDb(), principal.userId, body);
    return getAccount(await getDb(), principal.userId);
  },
);
