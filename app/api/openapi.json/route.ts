// GET /api/openapi.json: the OpenAPI 3.1 document of the public API (document.ts), built once;
// 404 while the public_api flag is off.
import { openApiDocument } from "@/app/api/openapi.json/document";
import { otherMethods } from "@/lib/http/methods";
import { withPublic } from "@/lib/http/route";

let cached: ReturnType<typeof openApiDocument> | undefined;

export const GET = withPublic({ db: false, flag: "public_api" }, async () => {
  cached ??= openApiDocument();
  return Response.json(cached, { headers: { "cache-control": "public, max-age=300" } });
});

export const { HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ GET });
