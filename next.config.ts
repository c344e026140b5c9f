import type { NextConfig } from "next";
import { API_CSP, staticSecurityHeaders } from "./lib/http/security-headers";

const nextConfig: NextConfig = {
  reactStrictMode: true,
  // A self-contained server (.next/standalone/server.js with only the traced node_modules): what
  // the Docker image runs, and what start.sh and the e2e suite run, so CI tests what ships.
  output: "standalone",
  poweredByHeader: false,
  // Native, WASM or worker-thread packages stay outside the server bundle.
  serverExternalPackages: [
    "@electric-sql/pglite",
    "pglite-prisma-adapter",
    "@prisma/adapter-pg",
    "pg",
    "pino",
    "pino-pretty",
    "@node-rs/argon2",
    "jsdom",
  ],
  // The embedded database applies these at start, so they ship with the server; /docs/api serves
  // Scalar's browser bundle from node_modules.
  outputFileTracingIncludes: {
    "/*": ["./prisma/migrations/**/*"],
    "/docs/api/scalar.js": ["./node_modules/@scalar/api-reference/dist/browser/standalone.js"],
  },
  async headers() {
    // The proxy adds the per-request CSP and request id; these cover every path, static files too.
    const headers = Object.entries(staticSecurityHeaders()).map(([key, value]) => ({ key, value }));
    return [
      { source: "/:path*", headers },
      { source: "/api/:path*", headers: [{ key: "Content-Security-Policy", value: API_CSP }] },
      { source: "/v1/:path*", headers: [{ key: "Content-Security-Policy", value: API_CSP }] },
    ];
  },
};

export default nextConfig;
