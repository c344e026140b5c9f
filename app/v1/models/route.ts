// GET /v1/models: the models this API key may use, with their prices in PT (OpenAI's list shape).
import { ModelListResponse } from "@/app/v1/models/schema";
import { modelsForKey } from "@/lib/api/catalog";
import { otherMethods } from "@/lib/http/methods";
import { withApiKey } from "@/lib/http/wrappers";

export const dynamic = "force-dynamic";

export const GET = withApiKey({}, async ({ principal, db }) =>
  ModelListResponse.parse(await modelsForKey(db, principal)),
);

export const { HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ GET });
