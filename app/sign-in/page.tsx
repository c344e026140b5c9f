import type { Metadata } from "next";
import Link from "next/link";

export const metadata: Metadata = { title: "Sign in" };

/** Placeholder until accounts land: says so plainly instead of showing a form that does nothing. */
export default function SignInPage() {
  return (
    <div className="mx-auto max-w-md px-4 py-16 sm:px-6">
      <h1 className="text-2xl font-bold text-ink">Sign in</h1>
      <p className="mt-3 text-slate-600">
        Accounts are coming soon. Sign-up, sign-in with two-factor authentication and guest chat will appear
        here.
      </p>
      <Link href="/" className="mt-6 inline-block font-medium text-brand-600 hover:text-brand-700">
        ← Back to the home page
      </Link>
    </div>
  );
}
