// After `next build`: copies what the standalone server serves from disk but Next does not trace
// (public/ and .next/static/) into .next/standalone, and the URL guard it is started with
// (scripts/url-guard.cjs), so `node --require ./url-guard.cjs server.js` in that folder — what the
// Docker image, scripts/start.sh and the e2e suite run — is complete on its own.
import { cpSync, existsSync } from "node:fs";

const target = ".next/standalone";
if (!existsSync(target)) {
  console.error(`${target} is missing: is output: "standalone" set in next.config.ts?`);
  process.exit(1);
}
cpSync("public", `${target}/public`, { recursive: true });
cpSync(".next/static", `${target}/.next/static`, { recursive: true });
cpSync("scripts/url-guard.cjs", `${target}/url-guard.cjs`);
