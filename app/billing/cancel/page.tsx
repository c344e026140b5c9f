import type { Metadata } from "next";
import Link from "next/link";

export const metadata: Metadata = { title: "Checkout canceled" };

export default function CancelPage() {
  return (
    <div className="mx-auto max-w-xl px-4 py-16 sm:px-6">
      <h1 className="text-2xl font-bold text-ink">Checkout canceled</h1>
      <p className="mt-3 text-slate-600">
        Nothing was charged. You can pick a plan or a top-up whenever you like.
      </p>
      <Link href="/pricing" className="mt-6 inline-block font-medium text-brand-600 hover:text-brand-700">
        Back to pricing
      </Link>
    </div>
  );
}
