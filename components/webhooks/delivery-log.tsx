"use client";
// An endpoint's delivery log: each delivery with every attempt (time, status code, duration,
// response excerpt, error) and a Retry button on failed and dead ones.
import { useCallback, useEffect, useState } from "react";
import type { DeliveryListResponse, DeliveryResponse } from "@/app/api/account/webhooks/schema";
import type { WireOf } from "@/components/api-client";
import { Notice } from "@/components/auth/form-parts";
import { api } from "@/lib/auth/client";

type Delivery = WireOf<typeof DeliveryListResponse>["deliveries"][number];
const when = (iso: string | null) => (iso ? `${iso.slice(0, 19).replace("T", " ")} UTC` : "—");

export function DeliveryLog({ basePath, endpointId }: { basePath: string; endpointId: string }) {
  const [deliveries, setDeliveries] = useState<Delivery[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);

  const load = useCallback(async () => {
    const result = await api<WireOf<typeof DeliveryListResponse>>(`${basePath}/${endpointId}/deliveries`);
    if (!result.ok) return setError(result.error.message);
    setDeliveries(result.data.deliveries);
  }, [basePath, endpointId]);

  useEffect(() => {
    void load();
  }, [load]);

  async function retry(id: string) {
    setBusy(id);
    const result = await api<WireOf<typeof DeliveryResponse>>(`${basePath}/deliveries/${id}/retry`, {
      method: "POST",
    });
    setBusy(null);
    if (!result.ok) return setError(result.error.message);
    setDeliveries((list) => list?.map((d) => (d.id === id ? result.data.delivery : d)) ?? null);
  }

  if (error) return <Notice tone="error">{error}</Notice>;
  if (!deliveries) return <p className="text-sm text-slate-600">Loading deliveries…</p>;
  if (deliveries.length === 0) return <p className="text-sm text-slate-600">No deliveries yet.</p>;
  return (
    <ul className="mt-3 space-y-2" aria-label="Deliveries">
      {deliveries.map((d) => (
        <li
          key={d.id}
          className="rounded-md border border-slate-200 p-3 text-sm"
          data-testid="webhook-delivery"
        >
          <div className="flex flex-wrap items-baseline justify-between gap-2">
            <span className="font-medium text-ink">{d.eventType}</span>
            <span
              className={
                d.status === "delivered"
                  ? "text-green-700"
                  : d.status === "dead"
                    ? "text-red-700"
                    : "text-slate-700"
              }
            >
              {d.status}
              {d.status === "failed" ? `, next try ${when(d.nextAttemptAt)}` : ""}
            </span>
          </div>
          <p className="text-slate-600">
            {when(d.createdAt)} · <code className="font-mono">{d.eventId}</code>
          </p>
          <ol className="mt-2 space-y-1">
            {d.log.map((a) => (
              <li key={a.attempt} className="text-slate-700">
                #{a.attempt} {when(a.createdAt)} · {a.statusCode ?? "no answer"} · {a.durationMs} ms
                {a.error ? ` · ${a.error}` : ""}
                {a.responseExcerpt ? (
                  <code className="mt-1 block max-h-24 overflow-auto break-all rounded bg-slate-50 p-1 font-mono text-xs">
                    {a.responseExcerpt}
                  </code>
                ) : null}
              </li>
            ))}
          </ol>
          {d.status === "failed" || d.status === "dead" ? (
            <button
              type="button"
              onClick={() => void retry(d.id)}
              disabled={busy === d.id}
              className="mt-2 rounded-md bg-slate-900 px-3 py-1.5 text-sm font-medium text-white"
            >
              {busy === d.id ? "Retrying…" : "Retry"}
            </button>
          ) : null}
        </li>
      ))}
    </ul>
  );
}
