import "@fontsource-variable/inter";
import "./globals.css";
import type { Metadata, Viewport } from "next";
import { headers } from "next/headers";
import { connection } from "next/server";
import { ThemeProvider } from "next-themes";
import type { CSSProperties, ReactNode } from "react";
import { ComplianceLayer, LegalNotice, storedConsent } from "@/components/compliance-layer";
import { SiteFooter } from "@/components/site-footer";
import { SiteHeader } from "@/components/site-header";
import { consentModeScript } from "@/lib/consent/cookie";
import { getDb } from "@/lib/db";
import { NONCE_HEADER } from "@/lib/http/security-headers";
import { getBrandAsset } from "@/lib/settings/brand-assets";
import { getOperatorSettings } from "@/lib/settings/operator";

export async function generateMetadata(): Promise<Metadata> {
  const { productName } = await getOperatorSettings(getDb);
  const favicon = await getDb()
    .then((db) => getBrandAsset(db, "favicon"))
    .catch(() => null);
  const title = `${productName} — metered AI chat with an exact ledger`;
  const description = `${productName} sells metered access to AI models in platform tokens, with an exact double-entry ledger.`;
  return {
    title: { default: title, template: `%s · ${productName}` },
    description,
    applicationName: productName,
    openGraph: { type: "website", siteName: productName, title, description },
    twitter: { card: "summary", title, description },
    // /favicon.ico serves the uploaded favicon or the built-in SVG; the link names its real type.
    icons: {
      icon: [
        {
          url: favicon ? `/favicon.ico?v=${favicon.sha256.slice(0, 12)}` : "/favicon.ico",
          type: favicon?.contentType ?? "image/svg+xml",
        },
      ],
    },
  };
}

export const viewport: Viewport = {
  width: "device-width",
  initialScale: 1,
  themeColor: [
    { media: "(prefers-color-scheme: light)", color: "#ffffff" },
    { media: "(prefers-color-scheme: dark)", color: "#0b1120" },
  ],
};

/** The operator's accent colour replaces the brand shades buttons and links use. */
function accentStyle(accent: string | undefined): CSSProperties | undefined {
  if (!accent) return undefined;
  return {
    "--color-brand-500": accent,
    "--color-brand-600": accent,
    "--color-brand-700": `color-mix(in srgb, ${accent} 80%, black)`,
  } as CSSProperties;
}

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Render per request: Next stamps this request's CSP nonce on its scripts only when dynamic.
  await connection();
  // The theme script runs before paint (no flash of the wrong theme); the CSP lets it run by nonce.
  const nonce = (await headers()).get(NONCE_HEADER) ?? undefined;
  const [operator, consent] = await Promise.all([getOperatorSettings(getDb), storedConsent()]);
  return (
    // next-themes sets class="dark" on <html> before React hydrates: the attribute differs by design.
    <html lang="en" suppressHydrationWarning>
      <head>
        {/* Google Consent Mode v2: everything denied before any tag can load, then the stored choice. */}
        <script
          id="consent-mode-default"
          nonce={nonce}
          // biome-ignore lint/security/noDangerouslySetInnerHtml: fixed text built from enums only (lib/consent/cookie.ts).
          dangerouslySetInnerHTML={{ __html: consentModeScript(consent) }}
        />
      </head>
      <body className="flex min-h-dvh flex-col bg-page antialiased" style={accentStyle(operator.accentColor)}>
        <a
          href="#main"
          className="sr-only focus:not-sr-only focus:absolute focus:left-4 focus:top-4 focus:rounded focus:bg-page focus:px-3 focus:py-2"
        >
          Skip to content
        </a>
        <ThemeProvider
          attribute="class"
          defaultTheme="system"
          enableSystem
          disableTransitionOnChange
          nonce={nonce}
        >
          <SiteHeader operator={operator} />
          <LegalNotice consent={consent} />
          <main id="main" className="flex-1">
            {children}
          </main>
          <SiteFooter operator={operator} />
          <ComplianceLayer nonce={nonce} consent={consent} />
        </ThemeProvider>
      </body>
    </html>
  );
}
