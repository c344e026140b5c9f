// The price sync's pending sale-price proposals: what each would change, the margin the current
// sale price gives at the new provider cost (against MARGIN_ALERT_THRESHOLD), and approve / reject.
import { ActionForm } from "@/components/admin/action-form";
import { Table, td, when } from "@/components/admin/ui";
import type { ModelPrice } from "@/lib/pricing/prices";
import type { Proposal } from "@/lib/pricing/sync/proposals";

const HEAD = [
  "Model",
  "Sale price now → proposed (PT / 1M in · out)",
  "Provider cost proposed (µ$ / 1M in · out)",
  "Margin now",
  "Proposed",
  "Decide",
];

function margin(bps: number | null, thresholdPercent: number) {
  if (bps === null) return "—";
  const text = `${(bps / 100).toFixed(2)}%`;
  return bps < thresholdPercent * 100 ? (
    <strong className="text-red-700">
      {text} (under {thresholdPercent}%)
    </strong>
  ) : (
    text
  );
}

export function PriceProposals(props: {
  proposals: Proposal[];
  current: ModelPrice[];
  thresholdPercent: number;
}) {
  if (props.proposals.length === 0) {
    return (
      <p className="text-sm text-slate-600">
        No price proposals are waiting. The nightly price sync proposes sale prices when a provider's price
        changes.
      </p>
    );
  }
  return (
    <Table caption="Sale-price proposals from the price sync" head={HEAD}>
      {props.proposals.map((p) => {
        const now = props.current.find((c) => c.model === p.model);
        const r = p.rates;
        return (
          <tr key={p.id}>
            <td className={td}>{p.model}</td>
            <td className={td}>
              {now ? `${now.ptPerMInput} · ${now.ptPerMOutput}` : "—"} → {String(r.ptPerMInput)} ·{" "}
              {String(r.ptPerMOutput)}
            </td>
            <td className={td}>
              {String(r.costMicroUsdPerMInput)} · {String(r.costMicroUsdPerMOutput)}
            </td>
            <td className={td}>{margin(p.marginBps, props.thresholdPercent)}</td>
            <td className={td}>{when(p.createdAt)}</td>
            <td className={`${td} space-y-2`}>
              <ActionForm
                action={`/api/admin/prices/proposals/${p.id}`}
                submitLabel="Approve"
                extra={{ decision: "approve" }}
                confirm={`Apply the proposed sale price of ${p.model} (effective in about ten seconds)?`}
              />
              <ActionForm
                action={`/api/admin/prices/proposals/${p.id}`}
                submitLabel="Reject"
                extra={{ decision: "reject" }}
                tone="danger"
              />
            </td>
          </tr>
        );
      })}
    </Table>
  );
}
