import type { Metadata } from "next";
import { TestCheckout } from "@/components/billing/test-checkout";

export const metadata: Metadata = { title: "Test checkout" };

export default async function TestCheckoutPage({ params }: { params: Promise<{ sessionId: string }> }) {
  const { sessionId } = await params;
  return (
    <div className="mx-auto max-w-xl px-4 py-16 sm:px-6">
      <h1 className="text-2xl font-bold text-ink">Test checkout</h1>
      <p className="mt-2 text-slate-600">
        Stripe is not configured on this server, so this page stands in for Stripe Checkout. Paying here sends
        the same signed event Stripe would send; no card is charged.
      </p>
      <TestCheckout sessionId={sessionId} />
    </div>
  );
}
