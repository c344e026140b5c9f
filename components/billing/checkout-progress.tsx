"use client";
// The success page body: polls the checkout until its PT are in the ledger (webhooks may take a
// moment), then shows the new balance. A plan switch has no session to poll: it links to billing.
import Link from "next/link";
import { useEffect, useState } from "react";
import type { CheckoutStatusResponse } from "@/app/api/billing/checkout/status/schema";
import type { WireOf } from "@/components/api-client";
import { callApi, groupedPt } from "@/components/billing/api";

type Status = WireOf<typeof CheckoutStatusResponse>;

export function CheckoutProgress({ sessionId, switched }: { sessionId?: string; switched?: string }) {
  const [status, setStatus] = useState<Status | null>(null);
  const [gaveUp, setGaveUp] = useState(false);
  useEffect(() => {
    if (!sessionId) return;
    let stopped = false;
    let tries = 0;
    const poll = async () => {
      tries++;
      const next = await callApi<Status>(
        `/api/billing/checkout/status?session_id=${encodeURIComponent(sessionId)}`,
      ).catch(() => null);
      if (stopped) return;
      if (next) setStatus(next);
      if (next?.status === "completed") return;
      if (tries >= 30) setGaveUp(true);
      else setTimeout(poll, Math.min(500 * tries, 3000));
    };
    void poll();
    return () => {
      stopped = true;
    };
  }, [sessionId]);

  if (switched) {
    return (
      <p className="mt-4 text-slate-700">
        Your plan is now <strong className="capitalize">{switched}</strong>.
      </p>
    );
  }
  if (status?.status === "completed") {
    return (
      <p role="status" className="mt-4 text-slate-700">
        Payment received. Your balance is{" "}
        <strong data-testid="balance-after">{groupedPt(status.available)} PT</strong>.
      </p>
    );
  }
  return (
    <p role="status" className="mt-4 text-slate-700">
      {gaveUp ? (
        <>
          This is taking longer than usual. Use{" "}
          <Link href="/billing" className="text-brand-600">
            I paid but don&apos;t see it
          </Link>{" "}
          on the billing page.
        </>
      ) : (
        "Waiting for the payment to arrive…"
      )}
    </p>
  );
}
