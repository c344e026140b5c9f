import { z } from "zod";
import { ASSET_TYPES, BRAND_ASSET_KINDS } from "@/lib/settings/brand-assets";

/** An uploaded logo or favicon, base64 in JSON (at most 200 KB decoded). */
export const BrandAssetUpload = z.strictObject({
  kind: z.enum(BRAND_ASSET_KINDS),
  contentType: z.enum(ASSET_TYPES, "Use an SVG, PNG or ICO file."),
  data: z
    .string()
    .max(280_000, "The file is larger than 200 KB.")
    .regex(/^[A-Za-z0-9+/]+={0,2}$/, "Not base64."),
});

export const BrandAssetRemove = z.strictObject({ kind: z.enum(BRAND_ASSET_KINDS) });
