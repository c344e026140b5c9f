// GET /favicon.ico — the uploaded favicon (admin settings), else the product's initial on its
// accent colour as SVG. Browsers ask for this path on every site, linked or not.
import { createHash } from "node:crypto";
import { otherMethods } from "@/lib/http/methods";
import { withPublic } from "@/lib/http/route";
import { assetHeaders, defaultFaviconSvg, getBrandAsset } from "@/lib/settings/brand-assets";
import { getOperatorSettings } from "@/lib/settings/operator";

export const dynamic = "force-dynamic";

export const GET = withPublic({ rateLimit: false }, async ({ db }) => {
  const asset = await getBrandAsset(db, "favicon");
  if (asset) {
    return new Response(Buffer.from(asset.data, "base64"), {
      status: 200,
      headers: assetHeaders(asset.contentType, asset.sha256.slice(0, 16)),
    });
  }
  const operator = await getOperatorSettings(db);
  const svg = defaultFaviconSvg(operator.productName, operator.accentColor);
  const etag = createHash("sha256").update(svg).digest("hex").slice(0, 16);
  return new Response(svg, { status: 200, headers: assetHeaders("image/svg+xml", etag) });
});

export const { HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ GET });
