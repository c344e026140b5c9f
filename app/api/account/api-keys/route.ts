// GET /api/account/api-keys — the user's API keys (never their secrets); POST — a new key, whose
// secret is in this answer only. Both 404 while the public_api flag is off.
import { createKey, listKeys } from "@/lib/api/keys";
import { otherMethods } from "@/lib/http/methods";
import { json } from "@/lib/http/respond";
import { withUser } from "@/lib/http/wrappers";
import { ApiKeyListResponse, CreateApiKeyRequest, CreateApiKeyResponse } from "./schema";

export const GET = withUser({ flag: "public_api" }, async ({ principal, db }) =>
  ApiKeyListResponse.parse({ keys: await listKeys(db, principal.userId) }),
);

export const POST = withUser(
  { body: CreateApiKeyRequest, flag: "public_api" },
  async ({ principal, body, db, requestId }) =>
    json(CreateApiKeyResponse.parse(await createKey(db, { userId: principal.userId, requestId }, body)), {
      status: 201,
    }),
);

export const { HEAD, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ GET, POST });
