// GET /api/brand/logo — the uploaded logo (sanitised SVG or PNG), 404 when none was uploaded.
import { AppError } from "@/lib/errors";
import { otherMethods } from "@/lib/http/methods";
import { withPublic } from "@/lib/http/route";
import { assetHeaders, getBrandAsset } from "@/lib/settings/brand-assets";

export const dynamic = "force-dynamic";

export const GET = withPublic({ rateLimit: false }, async ({ db }) => {
  const asset = await getBrandAsset(db, "logo");
  if (!asset) throw new AppError("not_found");
  return new Response(Buffer.from(asset.data, "base64"), {
    status: 200,
    headers: assetHeaders(asset.contentType, asset.sha256.slice(0, 16)),
  });
});

export const { HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ GET });
