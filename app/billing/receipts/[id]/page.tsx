// A receipt for one of the signed-in user's payments: seller (the operator identity), buyer (the
// billing details given at checkout), subtotal, tax and total. Printable. Owner only (404 otherwise).
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { PrintButton } from "@/components/billing/print-button";
import { requireUserPage } from "@/lib/auth/current-user";
import { receiptFor } from "@/lib/billing/receipts";
import { getDb } from "@/lib/db";
import { isAppError } from "@/lib/errors";

export const metadata: Metadata = { title: "Receipt" };
export const dynamic = "force-dynamic";

type Props = { params: Promise<{ id: string }> };

function Lines({ text }: { text: string | null | undefined }) {
  if (!text) return null;
  return (
    <>
      {text.split("\n").map((line, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: the lines of one fixed address
        <span key={i} className="block">
          {line}
        </span>
      ))}
    </>
  );
}

export default async function ReceiptPage({ params }: Props) {
  const { id } = await params;
  const user = await requireUserPage(`/billing/receipts/${id}`);
  const receipt = await receiptFor(await getDb(), { userId: user.userId, paymentId: id }).catch(
    (error: unknown) => {
      if (isAppError(error) && error.code === "not_found") notFound();
      throw error;
    },
  );
  const { seller, buyer } = receipt;
  const date = receipt.date.toISOString().slice(0, 10);
  return (
    <article className="mx-auto max-w-3xl px-4 py-12 sm:px-6" aria-labelledby="receipt-h">
      {receipt.testMode && (
        <p className="mb-6 rounded-lg border-2 border-dashed border-amber-400 px-4 py-2 text-sm font-bold uppercase tracking-wider text-amber-700">
          Test mode — no real payment was taken
        </p>
      )}
      <div className="flex flex-wrap items-start justify-between gap-4">
        <div>
          <h1 id="receipt-h" className="text-3xl font-bold tracking-tight text-ink">
            Receipt
          </h1>
          <p className="mt-1 text-sm text-slate-600">
            No. <span data-testid="receipt-number">{receipt.number}</span> · {date}
          </p>
        </div>
        <p className="text-right text-lg font-semibold text-ink">{seller.productName}</p>
      </div>

      <div className="mt-8 grid gap-6 sm:grid-cols-2">
        <section aria-labelledby="seller-h" data-testid="receipt-seller">
          <h2 id="seller-h" className="text-sm font-semibold uppercase tracking-wide text-slate-500">
            From
          </h2>
          <address className="mt-2 not-italic text-ink">
            <strong className="block">{seller.legalEntity}</strong>
            <Lines text={seller.legalAddress} />
            {seller.vatId && <span className="block">VAT / tax id: {seller.vatId}</span>}
            <span className="block">{seller.supportEmail}</span>
          </address>
        </section>
        <section aria-labelledby="buyer-h" data-testid="receipt-buyer">
          <h2 id="buyer-h" className="text-sm font-semibold uppercase tracking-wide text-slate-500">
            Billed to
          </h2>
          <address className="mt-2 not-italic text-ink">
            {buyer.name && <strong className="block">{buyer.name}</strong>}
            <Lines text={buyer.address} />
            {buyer.taxId && <span className="block">VAT / tax id: {buyer.taxId}</span>}
            <span className="block break-all">{buyer.email}</span>
          </address>
        </section>
      </div>

      <table className="mt-10 w-full text-left text-sm">
        <caption className="sr-only">What was bought</caption>
        <thead className="border-b border-slate-200 text-slate-500">
          <tr>
            <th scope="col" className="py-2 font-medium">
              Description
            </th>
            <th scope="col" className="py-2 text-right font-medium">
              PT
            </th>
            <th scope="col" className="py-2 text-right font-medium">
              Amount
            </th>
          </tr>
        </thead>
        <tbody>
          <tr className="border-b border-slate-100">
            <td className="py-3 text-ink">{receipt.description}</td>
            <td className="py-3 text-right tabular-nums text-ink">{receipt.pt}</td>
            <td className="py-3 text-right tabular-nums text-ink">{receipt.subtotal}</td>
          </tr>
        </tbody>
      </table>
      <dl data-testid="receipt-totals" className="ml-auto mt-4 max-w-xs space-y-1 text-sm">
        <div className="flex justify-between gap-6">
          <dt className="text-slate-600">Subtotal</dt>
          <dd className="tabular-nums text-ink">{receipt.subtotal}</dd>
        </div>
        {receipt.tax !== null && (
          <div className="flex justify-between gap-6">
            <dt className="text-slate-600">{receipt.taxLabel ?? "Tax"}</dt>
            <dd className="tabular-nums text-ink">{receipt.tax}</dd>
          </div>
        )}
        <div className="flex justify-between gap-6 border-t border-slate-200 pt-1 text-base font-semibold">
          <dt className="text-ink">Total paid</dt>
          <dd className="tabular-nums text-ink">{receipt.total}</dd>
        </div>
        {receipt.refunded && (
          <div className="flex justify-between gap-6">
            <dt className="text-slate-600">Refunded</dt>
            <dd className="tabular-nums text-ink">−{receipt.refunded}</dd>
          </div>
        )}
      </dl>

      <p className="mt-10 text-xs text-slate-500">
        Payment reference: <span className="break-all font-mono">{receipt.reference}</span>. Questions:{" "}
        {seller.supportEmail}.
      </p>
      <div className="mt-6 flex flex-wrap gap-3 print:hidden">
        <PrintButton />
        <Link href="/billing" className="rounded-lg px-4 py-2 font-medium text-brand-600 hover:bg-brand-50">
          Back to billing
        </Link>
      </div>
    </article>
  );
}
