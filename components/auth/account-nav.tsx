import Link from "next/link";
import { isEnabled } from "@/lib/settings/flags";

type Tab =
  | "profile"
  | "security"
  | "emails"
  | "ledger"
  | "usage"
  | "chat"
  | "api-keys"
  | "webhooks"
  | "privacy";

/** The account tabs (a server component: the API keys tab is shown only while public_api is on). */
export async function AccountNav({ active }: { active: Tab }) {
  const api = await isEnabled("public_api");
  const tab = (href: string, label: string, key: Tab) => (
    <Link
      href={href}
      aria-current={active === key ? "page" : undefined}
      className="rounded-md px-3 py-2 text-sm font-medium text-slate-700 hover:bg-slate-100 aria-[current=page]:bg-slate-900 aria-[current=page]:text-white"
    >
      {label}
    </Link>
  );
  return (
    <nav aria-label="Account" className="mt-4 flex flex-wrap gap-2">
      {tab("/account", "Profile", "profile")}
      {tab("/account/security", "Security", "security")}
      {tab("/account/emails", "Emails", "emails")}
      {tab("/account/ledger", "Ledger", "ledger")}
      {tab("/account/usage", "Usage", "usage")}
      {tab("/account/chat", "Chat limits", "chat")}
      {api ? tab("/account/api-keys", "API keys", "api-keys") : null}
      {tab("/account/webhooks", "Webhooks", "webhooks")}
      {tab("/account/privacy", "Privacy", "privacy")}
    </nav>
  );
}

export function Section({ title, children, id }: { title: string; children: React.ReactNode; id?: string }) {
  return (
    <section
      id={id}
      aria-labelledby={id ? `${id}-heading` : undefined}
      className="scroll-mt-20 rounded-xl border border-slate-200 p-5"
    >
      <h2 id={id ? `${id}-heading` : undefined} className="mb-4 text-lg font-semibold text-ink">
        {title}
      </h2>
      {children}
    </section>
  );
}
