"use client";
// The interactive API reference: Scalar's standalone bundle (served by the app at
// /docs/api/scalar.js, allowed by the page's CSP nonce) rendering /api/openapi.json. No web fonts,
// proxy, telemetry, AI agent or MCP from Scalar's servers: everything stays on this origin.
import Script from "next/script";

type ScalarGlobal = { createApiReference: (selector: string, config: Record<string, unknown>) => unknown };

const CONFIG = {
  url: "/api/openapi.json",
  withDefaultFonts: false,
  telemetry: false,
  hideClientButton: false,
  showDeveloperTools: "never",
  defaultOpenAllTags: true,
  agent: { disabled: true },
  mcp: { disabled: true },
  layout: "modern",
  // The app's own self-hosted font (the bundle's remote @font-face rules are dropped by its route).
  customCss: `.scalar-app { --scalar-font: "Inter Variable", ui-sans-serif, system-ui, sans-serif; }`,
};

export function ApiReference({ nonce, version }: { nonce?: string; version: string }) {
  return (
    <>
      {/* Not id="api-reference": the bundle mounts a second, unconfigured reference on that id. */}
      <div id="ledgerchat-api-reference" data-testid="api-reference" />
      <Script
        src={`/docs/api/scalar.js?v=${version}`}
        nonce={nonce}
        strategy="afterInteractive"
        onReady={() => {
          const scalar = (window as unknown as { Scalar?: ScalarGlobal }).Scalar;
          scalar?.createApiReference("#ledgerchat-api-reference", CONFIG);
        }}
      />
    </>
  );
}
