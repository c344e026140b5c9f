import Link from "next/link";

export function SiteFooter() {
  return (
    <footer data-site-footer className="border-t border-slate-200 bg-slate-50">
      <div className="mx-auto flex max-w-6xl flex-col gap-2 px-4 py-6 text-sm text-slate-600 sm:flex-row sm:items-center sm:justify-between sm:px-6">
        <p>Ledgerchat — open-source metered AI chat. Every PT accounted for.</p>
        <ul className="flex gap-4">
          <li>
            <Link href="/status" className="hover:text-slate-900">
              Status
            </Link>
          </li>
          <li>
            <Link href="/pricing" className="hover:text-slate-900">
              Pricing
            </Link>
          </li>
          <li>
            <Link href="/help" className="hover:text-slate-900">
              Help
            </Link>
          </li>
        </ul>
      </div>
    </footer>
  );
}
