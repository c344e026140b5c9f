"use client";
// The interactive API reference: Scalar's standalone bundle (served by the app at
// /docs/api/scalar.js, allowed by the page's CSP nonce) rendering /api/openapi.json. No web fonts,
// proxy or telemetry from Scalar's servers: everything stays on this origin.
import Script from "next/script";

type ScalarGlobal = { createApiReference: (selector: string, config: Record<string, unknown>) => unknown };

const CONFIG = {
  url: "/api/openapi.json",
  withDefaultFonts: false,
  telemetry: false,
  hideClientButton: false,
  showDeveloperTools: "never",
  defaultOpenAllTags: true,
  layout: "modern",
};

export function ApiReference({ nonce, version }: { nonce?: string; version: string }) {
  return (
    <>
      <div id="api-reference" data-testid="api-reference" />
      <Script
        src={`/docs/api/scalar.js?v=${version}`}
        nonce={nonce}
        strategy="afterInteractive"
        onReady={() => {
          const scalar = (window as unknown as { Scalar?: ScalarGlobal }).Scalar;
          scalar?.createApiReference("#api-reference", CONFIG);
        }}
      />
    </>
  );
}
