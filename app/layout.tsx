import "@fontsource-variable/inter";
import "./globals.css";
import type { Metadata, Viewport } from "next";
import { connection } from "next/server";
import type { ReactNode } from "react";
import { SiteFooter } from "@/components/site-footer";
import { SiteHeader } from "@/components/site-header";

export const metadata: Metadata = {
  title: { default: "Ledgerchat — metered AI chat with an exact ledger", template: "%s · Ledgerchat" },
  description:
    "Open-source AI chat that sells metered LLM access in platform tokens, with an exact double-entry ledger.",
};

export const viewport: Viewport = { width: "device-width", initialScale: 1, themeColor: "#1f57cc" };

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Render per request: Next stamps this request's CSP nonce on its scripts only when dynamic.
  await connection();
  return (
    <html lang="en">
      <body className="flex min-h-dvh flex-col bg-white antialiased">
        <a
          href="#main"
          className="sr-only focus:not-sr-only focus:absolute focus:left-4 focus:top-4 focus:rounded focus:bg-white focus:px-3 focus:py-2"
        >
          Skip to content
        </a>
        <SiteHeader />
        <main id="main" className="flex-1">
          {children}
        </main>
        <SiteFooter />
      </body>
    </html>
  );
}
