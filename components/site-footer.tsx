import Link from "next/link";
import { CookieSettingsButton } from "@/components/consent/cookie-settings-button";
import type { OperatorSettings } from "@/lib/settings/operator";

const LINKS = [
  ["/status", "Status"],
  ["/pricing", "Pricing"],
  ["/help", "Help"],
  ["/legal/terms", "Terms"],
  ["/legal/privacy", "Privacy"],
  ["/legal/refunds", "Refunds"],
  ["/legal/cookies", "Cookies"],
  ["/legal/dpa", "DPA"],
] as const;

export function SiteFooter({ operator }: { operator: OperatorSettings }) {
  return (
    <footer data-site-footer className="border-t border-slate-200 bg-slate-50">
      <div className="mx-auto flex max-w-6xl flex-col gap-2 px-4 py-6 text-sm text-slate-600 sm:flex-row sm:items-center sm:justify-between sm:px-6">
        <p>
          © {operator.legalEntity}
          {operator.productName === "Ledgerchat"
            ? " — open-source metered AI chat. Every PT accounted for."
            : ""}
        </p>
        <nav aria-label="Footer">
          <ul className="flex flex-wrap gap-x-4 gap-y-1">
            {LINKS.map(([href, label]) => (
              <li key={href}>
                <Link href={href} className="hover:text-slate-900">
                  {label}
                </Link>
              </li>
            ))}
            <li>
              <CookieSettingsButton className="hover:text-slate-900" />
            </li>
          </ul>
        </nav>
      </div>
    </footer>
  );
}
