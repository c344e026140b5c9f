import "@fontsource-variable/inter";
import "./globals.css";
import type { Metadata, Viewport } from "next";
import { headers } from "next/headers";
import { connection } from "next/server";
import { ThemeProvider } from "next-themes";
import type { ReactNode } from "react";
import { SiteFooter } from "@/components/site-footer";
import { SiteHeader } from "@/components/site-header";
import { NONCE_HEADER } from "@/lib/http/security-headers";

export const metadata: Metadata = {
  title: { default: "Ledgerchat — metered AI chat with an exact ledger", template: "%s · Ledgerchat" },
  description:
    "Open-source AI chat that sells metered LLM access in platform tokens, with an exact double-entry ledger.",
};

export const viewport: Viewport = {
  width: "device-width",
  initialScale: 1,
  themeColor: [
    { media: "(prefers-color-scheme: light)", color: "#ffffff" },
    { media: "(prefers-color-scheme: dark)", color: "#0b1120" },
  ],
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Render per request: Next stamps this request's CSP nonce on its scripts only when dynamic.
  await connection();
  // The theme script runs before paint (no flash of the wrong theme); the CSP lets it run by nonce.
  const nonce = (await headers()).get(NONCE_HEADER) ?? undefined;
  return (
    // next-themes sets class="dark" on <html> before React hydrates: the attribute differs by design.
    <html lang="en" suppressHydrationWarning>
      <body className="flex min-h-dvh flex-col bg-page antialiased">
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
          <SiteHeader />
          <main id="main" className="flex-1">
            {children}
          </main>
          <SiteFooter />
        </ThemeProvider>
      </body>
    </html>
  );
}
