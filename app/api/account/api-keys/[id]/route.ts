// PATCH /api/account/api-keys/:id — edit a key's name and limits; DELETE — revoke it (the next
// request with it is refused). Another user's key id answers 404; both 404 while public_api is off.
import { ApiKeyParams, ApiKeyResponse, UpdateApiKeyRequest } from "@/app/api/account/api-keys/schema";
import { revokeKey, updateKey } from "@/lib/api/keys";
import { otherMethods } from "@/lib/http/methods";
import { withUser } from "@/lib/http/wrappers";

export const PATCH = withUser(
  { body: UpdateApiKeyRequest, params: ApiKeyParams, flag: "public_api" },
  async ({ principal, body, params, db, requestId }) =>
    ApiKeyResponse.parse({
      key: await updateKey(db, { userId: principal.userId, requestId }, params.id, body),
    }),
);

export const DELETE = withUser(
  { params: ApiKeyParams, flag: "public_api" },
  async ({ principal, params, db, requestId }) =>
    ApiKeyResponse.parse({ key: await revokeKey(db, { userId: principal.userId, requestId }, params.id) }),
);

export const { GET, HEAD, POST, PUT, OPTIONS } = otherMethods({ PATCH, DELETE });
