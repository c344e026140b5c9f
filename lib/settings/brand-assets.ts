// Uploaded brand images: the logo and the favicon, stored in OperatorSetting ("asset:logo",
// "asset:favicon") as base64 with their type and a content hash, served by /api/brand/logo and
// /favicon.ico. SVG is sanitised with DOMPurify (on a jsdom window) at upload: scripts, event
// handlers, foreign objects and external references go; what is served is what was sanitised,
// and it is served with a CSP that forbids scripts anyway. PNG and ICO are checked by their magic
// bytes. The favicon falls back to an SVG drawn from the product's initial and accent colour.
import { createHash } from "node:crypto";
import type { DOMPurify } from "dompurify";
import { z } from "zod";
import type { Db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { logger } from "@/lib/logger";
import { forgetCached, ttlCache } from "@/lib/ttl-cache";

export const BRAND_ASSET_KINDS = ["logo", "favicon"] as const;
export type BrandAssetKind = (typeof BRAND_ASSET_KINDS)[number];
export const MAX_ASSET_BYTES = 200 * 1024;
export const ASSET_TYPES = ["image/svg+xml", "image/png", "image/x-icon"] as const;

export type BrandAsset = { contentType: (typeof ASSET_TYPES)[number]; data: string; sha256: string };
const StoredAsset = z.object({ contentType: z.enum(ASSET_TYPES), data: z.string(), sha256: z.string() });

const CACHE = "brand-assets";
const cache = ttlCache<BrandAsset | null>(CACHE, 10_000, 4);
const assetKey = (kind: BrandAssetKind) => `asset:${kind}`;

let purify: DOMPurify | undefined;

/** DOMPurify on a jsdom window, loaded on the first upload only (pages never pay for jsdom). */
async function loadPurify(): Promise<DOMPurify> {
  if (purify) return purify;
  const [{ default: createDOMPurify }, { JSDOM }] = await Promise.all([import("dompurify"), import("jsdom")]);
  purify = createDOMPurify(new JSDOM("").window as unknown as Parameters<typeof createDOMPurify>[0]);
  return purify;
}

/** The SVG, sanitised (DOMPurify's SVG profile); refuses input that is not an SVG document. */
export async function sanitizeSvg(svg: string): Promise<string> {
  const clean = (await loadPurify()).sanitize(svg, {
    USE_PROFILES: { svg: true, svgFilters: true },
    FORBID_TAGS: ["foreignObject", "use", "image"],
    FORBID_ATTR: ["href", "xlink:href"],
  });
  if (!/^\s*<svg[\s>]/i.test(clean)) {
    throw new AppError("validation_failed", "The file is not a usable SVG image.", [
      { path: "data", message: "Not an SVG image." },
    ]);
  }
  return clean;
}

const PNG_MAGIC = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const ICO_MAGIC = [0x00, 0x00, 0x01, 0x00];
const starts = (bytes: Buffer, magic: number[]) => magic.every((b, i) => bytes[i] === b);

/** Checks and normalises an upload (base64 body); SVG comes back sanitised. */
export async function prepareAsset(
  kind: BrandAssetKind,
  contentType: string,
  base64: string,
): Promise<BrandAsset> {
  const bytes = Buffer.from(base64, "base64");
  const fail = (message: string): never => {
    throw new AppError("validation_failed", message, [{ path: "data", message }]);
  };
  if (bytes.length === 0) fail("The file is empty.");
  if (bytes.length > MAX_ASSET_BYTES) fail(`The file is larger than ${MAX_ASSET_BYTES / 1024} KB.`);
  let data = bytes;
  if (contentType === "image/svg+xml") data = Buffer.from(await sanitizeSvg(bytes.toString("utf8")), "utf8");
  else if (contentType === "image/png") {
    if (!starts(bytes, PNG_MAGIC)) fail("The file is not a PNG image.");
  } else if (contentType === "image/x-icon" && kind === "favicon") {
    if (!starts(bytes, ICO_MAGIC)) fail("The file is not an ICO image.");
  } else fail(kind === "favicon" ? "Use an SVG, PNG or ICO file." : "Use an SVG or PNG file.");
  return {
    contentType: contentType as BrandAsset["contentType"],
    data: data.toString("base64"),
    sha256: createHash("sha256").update(data).digest("hex"),
  };
}

export async function getBrandAsset(db: Db, kind: BrandAssetKind): Promise<BrandAsset | null> {
  const hit = cache.get(kind);
  if (hit !== undefined) return hit;
  try {
    const row = await db.operatorSetting.findUnique({
      where: { key: assetKey(kind) },
      select: { value: true },
    });
    const parsed = StoredAsset.safeParse(row?.value);
    const asset = parsed.success ? parsed.data : null;
    cache.set(kind, asset);
    return asset;
  } catch (error) {
    logger.warn({ err: error, kind }, "brand asset unavailable");
    return null;
  }
}

/** Stores (or with null, removes) an asset; the caller audits in the same transaction. */
export async function writeBrandAsset(
  tx: Db,
  kind: BrandAssetKind,
  asset: BrandAsset | null,
  updatedBy: string,
): Promise<void> {
  const key = assetKey(kind);
  if (!asset) {
    await tx.operatorSetting.deleteMany({ where: { key } });
    return;
  }
  await tx.operatorSetting.upsert({
    where: { key },
    create: { key, value: asset, updatedBy },
    update: { value: asset, updatedBy },
  });
}

export function forgetBrandAssets(): void {
  for (const kind of BRAND_ASSET_KINDS) forgetCached(CACHE, kind);
}

/** The path the header uses for an uploaded logo (the hash busts caches on change). */
export function logoPath(asset: BrandAsset): string {
  return `/api/brand/logo?v=${asset.sha256.slice(0, 12)}`;
}

/** The built-in favicon: the product's initial on its accent colour. */
export function defaultFaviconSvg(productName: string, accent = "#2563eb"): string {
  const initial = (productName.trim()[0] ?? "L").toUpperCase().replace(/[<>&"']/g, "");
  const colour = /^#[0-9a-fA-F]{6}$/.test(accent) ? accent : "#2563eb";
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64"><rect width="64" height="64" rx="14" fill="${colour}"/><text x="32" y="44" font-family="system-ui,sans-serif" font-size="36" font-weight="700" text-anchor="middle" fill="#fff">${initial}</text></svg>`;
}

/** Headers for serving an asset: no sniffing, and for SVG a CSP with no scripts at all. */
export function assetHeaders(contentType: string, etag: string): Record<string, string> {
  return {
    "content-type": contentType,
    "cache-control": "public, max-age=300",
    etag: `"${etag}"`,
    "x-content-type-options": "nosniff",
    "content-security-policy": "default-src 'none'; style-src 'unsafe-inline'; sandbox",
  };
}
