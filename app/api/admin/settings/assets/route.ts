// POST /api/admin/settings/assets { kind, contentType, data } — upload the logo or favicon (SVG is
// sanitised, PNG/ICO checked; audited); DELETE { kind } — back to the URL / built-in favicon.
import { setBrandAssetAsAdmin } from "@/lib/admin/settings";
import { otherMethods } from "@/lib/http/methods";
import { withAdmin } from "@/lib/http/wrappers";
import { prepareAsset } from "@/lib/settings/brand-assets";
import { BrandAssetRemove, BrandAssetUpload } from "./schema";

export const POST = withAdmin(
  { body: BrandAssetUpload, maxBodyBytes: 300 * 1024 },
  async ({ body, principal, requestId, db }) =>
    setBrandAssetAsAdmin(
      db,
      { userId: principal.userId, requestId },
      body.kind,
      await prepareAsset(body.kind, body.contentType, body.data),
    ),
);

export const DELETE = withAdmin(
  { body: BrandAssetRemove, maxBodyBytes: 1024 },
  async ({ body, principal, requestId, db }) =>
    setBrandAssetAsAdmin(db, { userId: principal.userId, requestId }, body.kind, null),
);

export const { GET, HEAD, PUT, PATCH, OPTIONS } = otherMethods({ POST, DELETE });
