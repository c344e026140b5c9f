// GET /docs/api/scalar.js: Scalar's API reference (its standalone browser bundle, from the
// @scalar/api-reference package in node_modules), served by the app itself: no CDN, and the page's
// CSP lets it run by the page's nonce. Its @font-face rules point at Scalar's font server (which
// the CSP's font-src 'self' refuses, whatever withDefaultFonts says), so they are dropped and the
// page's own font applies. Read once per process; cached by browsers for a day.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { otherMethods } from "@/lib/http/methods";
import { withPublic } from "@/lib/http/route";

/** Kept in the standalone build by next.config.ts (outputFileTracingIncludes). */
const SCALAR_BUNDLE = "node_modules/@scalar/api-reference/dist/browser/standalone.js";

/** The bundle's @font-face rules that load from Scalar's servers. */
const REMOTE_FONTS = /@font-face \{[^}]*?fonts\.scalar\.com[^}]*\}/g;

let bundle: Promise<string> | undefined;

export const GET = withPublic({ db: false, sameOrigin: false }, async () => {
  bundle ??= readFile(path.join(process.cwd(), SCALAR_BUNDLE), "utf8").then(
    (js) => js.replace(REMOTE_FONTS, ""),
    (error: unknown) => {
      bundle = undefined;
      throw error;
    },
  );
  return new Response(await bundle, {
    headers: {
      "content-type": "text/javascript; charset=utf-8",
      "cache-control": "public, max-age=86400",
      "x-content-type-options": "nosniff",
    },
  });
});

export const { HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ GET });
