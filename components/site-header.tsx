import Link from "next/link";

export function SiteHeader() {
  return (
    <header className="border-b border-slate-200">
      <nav
        aria-label="Main"
        className="mx-auto flex max-w-6xl items-center justify-between gap-4 px-4 py-3 sm:px-6"
      >
        <Link href="/" className="text-lg font-semibold tracking-tight text-ink">
          Ledger<span className="text-brand-600">chat</span>
        </Link>
        <div className="flex items-center gap-2 text-sm">
          <Link
            href="/pricing"
            className="rounded-md px-3 py-2 font-medium text-slate-700 hover:bg-slate-100"
          >
            Pricing
          </Link>
          <Link
            href="/sign-in"
            className="rounded-md px-3 py-2 font-medium text-slate-700 hover:bg-slate-100"
          >
            Sign in
          </Link>
        </div>
      </nav>
    </header>
  );
}
