// GET /docs/api/scalar.js: Scalar's API reference (its standalone browser bundle, from the
// @scalar/api-reference package in node_modules), served by the app itself: no CDN, and the page's
// CSP lets it run by the page's nonce. Read once per process; cached by browsers for a day.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { otherMethods } from "@/lib/http/methods";
import { withPublic } from "@/lib/http/route";

/** Kept in the standalone build by next.config.ts (outputFileTracingIncludes). */
const SCALAR_BUNDLE = "node_modules/@scalar/api-reference/dist/browser/standalone.js";

let bundle: Promise<Buffer> | undefined;

export const GET = withPublic({ db: false, sameOrigin: false }, async () => {
  bundle ??= readFile(path.join(process.cwd(), SCALAR_BUNDLE)).catch((error: unknown) => {
    bundle = undefined;
    throw error;
  });
  return new Response(new Uint8Array(await bundle), {
    headers: {
      "content-type": "text/javascript; charset=utf-8",
      "cache-control": "public, max-age=86400",
      "x-content-type-options": "nosniff",
    },
  });
});

export const { HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ GET });
