import type { Metadata } from "next";
import Link from "next/link";
import { CheckoutProgress } from "@/components/billing/checkout-progress";

export const metadata: Metadata = { title: "Thank you" };

export default async function SuccessPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | undefined>>;
}) {
  const { session_id: sessionId, switched } = await searchParams;
  return (
    <div className="mx-auto max-w-xl px-4 py-16 sm:px-6">
      <h1 className="text-2xl font-bold text-ink">Thank you</h1>
      <CheckoutProgress sessionId={sessionId} switched={switched} />
      <div className="mt-6 flex gap-4">
        <Link href="/billing" className="font-medium text-brand-600 hover:text-brand-700">
          Billing
        </Link>
        <Link href="/chat" className="font-medium text-brand-600 hover:text-brand-700">
          Back to chat
        </Link>
      </div>
    </div>
  );
}
