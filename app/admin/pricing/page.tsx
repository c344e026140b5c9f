// Admin: the pricing editor — current prices, one model's history, and a form that adds a new
// effective-dated row (a change above 20% asks for explicit confirmation). Each rate shows as
// "PT · µ$" per 1M tokens; "default" means it is unset and bills at its default (docs/pricing.md).
import type { Metadata } from "next";
import Link from "next/link";
import type { FieldSpec } from "@/components/admin/action-form";
import { ActionForm } from "@/components/admin/action-form";
import { PriceProposals } from "@/components/admin/price-proposals";
import { AdminPage, param, Table, td, when } from "@/components/admin/ui";
import { requireAdminPage } from "@/lib/auth/current-user";
import { getDb } from "@/lib/db";
import { env } from "@/lib/env";
import type { ModelPrice } from "@/lib/pricing/prices";
import { currentPrices, priceHistory, scheduledPrices } from "@/lib/pricing/prices";
import { pendingProposals } from "@/lib/pricing/sync/proposals";

export const metadata: Metadata = { title: "Admin · Pricing" };
export const dynamic = "force-dynamic";

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };
const HEAD = [
  "Model",
  "Provider",
  "Tier",
  "Input",
  "Cached input",
  "Cache write 5 min",
  "Cache write 1 h",
  "Output",
  "Reasoning",
  "Long context",
  "Tool fees (per call)",
  "Effective from",
  "Source",
];

const n = (v: bigint | number | null) => (v === null ? "default" : v.toLocaleString("en-US"));
/** "PT · µ$" of one dimension; "default" when the row leaves it unset. */
function rate(p: ModelPrice, dim: string, suffix = ""): string {
  const r = p as unknown as Record<string, bigint | null>;
  const pt = r[`ptPerM${dim}${suffix}`] ?? null;
  const cost = r[`costMicroUsdPerM${dim}${suffix}`] ?? null;
  return pt === null && cost === null ? "default" : `${n(pt)} · ${n(cost)}`;
}

function longContext(p: ModelPrice): string {
  if (p.longContextThreshold === null) return "—";
  return `> ${n(p.longContextThreshold)} tokens: in ${rate(p, "Input", "Long")}, out ${rate(p, "Output", "Long")}`;
}

function fees(p: ModelPrice): string {
  const search = `search ${n(p.ptPerWebSearchCall)} · ${n(p.costMicroUsdPerWebSearchCall)}`;
  return `${search}; code ${n(p.ptPerCodeInterpreterCall)} · ${n(p.costMicroUsdPerCodeInterpreterCall)}`;
}

/** The form's fields for every rate, prefilled from the model's current row. */
function rateFields(selected: ModelPrice | undefined): FieldSpec[] {
  const value = (field: string) => {
    const v = selected ? (selected as unknown as Record<string, bigint | number | null>)[field] : null;
    return v === null || v === undefined ? undefined : v.toString();
  };
  const pair = (dim: string, what: string, required = false): FieldSpec[] => [
    { name: `ptPerM${dim}`, label: `PT per 1M ${what}`, required, defaultValue: value(`ptPerM${dim}`) },
    {
      name: `costMicroUsdPerM${dim}`,
      label: `Provider cost µ$ per 1M ${what}`,
      required,
      defaultValue: value(`costMicroUsdPerM${dim}`),
    },
  ];
  const optional = "(empty: default)";
  return [
    ...pair("Input", "input tokens", true),
    ...pair("Output", "output tokens", true),
    ...pair("CachedInput", `cached input ${optional}`),
    ...pair("CacheWrite5m", `cache writes, 5 min ${optional}`),
    ...pair("CacheWrite1h", `cache writes, 1 h ${optional}`),
    ...pair("Reasoning", `reasoning tokens ${optional}`),
    {
      name: "longContextThreshold",
      label: "Long-context threshold, input tokens (empty: none)",
      defaultValue: value("longContextThreshold"),
    },
    ...pair("InputLong", "input above the threshold"),
    ...pair("OutputLong", "output above the threshold"),
    ...pair("CachedInputLong", `cached input above the threshold ${optional}`),
    ...pair("CacheWrite5mLong", `5 min cache writes above the threshold ${optional}`),
    ...pair("CacheWrite1hLong", `1 h cache writes above the threshold ${optional}`),
    ...pair("ReasoningLong", `reasoning above the threshold ${optional}`),
    ...(["WebSearchCall", "CodeInterpreterCall"] as const).flatMap((tool) => [
      {
        name: `ptPer${tool}`,
        label: `PT per ${tool === "WebSearchCall" ? "web search" : "code interpreter"} call`,
        defaultValue: value(`ptPer${tool}`),
      },
      {
        name: `costMicroUsdPer${tool}`,
        label: `Provider cost µ$ per ${tool === "WebSearchCall" ? "web search" : "code interpreter"} call`,
        defaultValue: value(`costMicroUsdPer${tool}`),
      },
    ]),
  ];
}

export default async function AdminPricingPage({ searchParams }: Props) {
  await requireAdminPage("/admin/pricing");
  const model = param(await searchParams, "model")?.slice(0, 100);
  const db = await getDb();
  const [current, scheduled, history, proposals] = await Promise.all([
    currentPrices(db),
    scheduledPrices(db),
    model ? priceHistory(db, model) : [],
    pendingProposals(db),
  ]);
  const selected = current.find((p) => p.model === model);
  const row = (p: (typeof current)[number]) => (
    <tr key={p.id}>
      <td className={td}>
        <Link className="underline" href={`/admin/pricing?model=${encodeURIComponent(p.model)}`}>
          {p.model}
        </Link>
      </td>
      <td className={td}>{p.provider}</td>
      <td className={td}>{p.tier}</td>
      <td className={td}>{rate(p, "Input")}</td>
      <td className={td}>{rate(p, "CachedInput")}</td>
      <td className={td}>{rate(p, "CacheWrite5m")}</td>
      <td className={td}>{rate(p, "CacheWrite1h")}</td>
      <td className={td}>{rate(p, "Output")}</td>
      <td className={td}>{rate(p, "Reasoning")}</td>
      <td className={td}>{longContext(p)}</td>
      <td className={td}>{fees(p)}</td>
      <td className={td}>{when(p.effectiveFrom)}</td>
      <td className={td}>{p.source ?? "—"}</td>
    </tr>
  );
  return (
    <AdminPage title="Pricing" active="/admin/pricing">
      <section aria-labelledby="proposals-h" className="space-y-3">
        <h2 id="proposals-h" className="text-lg font-semibold">
          Price proposals
        </h2>
        <PriceProposals
          proposals={proposals}
          current={current}
          thresholdPercent={env().MARGIN_ALERT_THRESHOLD}
        />
      </section>
      <Table caption="Current prices" head={HEAD}>
        {current.map(row)}
      </Table>
      {scheduled.length > 0 ? (
        <section aria-labelledby="scheduled-h" className="space-y-3">
          <h2 id="scheduled-h" className="text-lg font-semibold">
            Scheduled (saved, not yet in force)
          </h2>
          <Table caption="Scheduled price rows" head={HEAD}>
            {scheduled.map(row)}
          </Table>
        </section>
      ) : null}
      {model ? (
        <section aria-labelledby="hist-h" className="space-y-3">
          <h2 id="hist-h" className="text-lg font-semibold">
            History of {model}
          </h2>
          <Table caption={`Price history of ${model}`} head={HEAD}>
            {history.map(row)}
          </Table>
        </section>
      ) : null}
      <section aria-labelledby="new-h" className="max-w-xl rounded-xl border border-slate-200 p-4">
        <h2 id="new-h" className="mb-3 text-lg font-semibold">
          New price row
        </h2>
        <p className="mb-3 text-sm text-slate-600">
          Prices are never edited: this adds a row effective from the given time (when empty: ten seconds
          after you save, once every server has it). A change above 20% of any rate as billed asks you to
          confirm. Unset rates bill at their defaults: cached input and cache writes at the input rate, 1 h
          writes at the 5 min rate, reasoning at the output rate (docs/pricing.md).
        </p>
        <ActionForm
          action="/api/admin/prices"
          submitLabel="Add price"
          fields={[
            { name: "model", label: "Model id", required: true, defaultValue: selected?.model },
            { name: "provider", label: "Provider", required: true, defaultValue: selected?.provider },
            {
              name: "tier",
              label: "Tier",
              type: "select",
              options: ["free", "pro", "max"],
              defaultValue: selected?.tier,
            },
            ...rateFields(selected),
            { name: "effectiveFrom", label: "Effective from (UTC, optional)", type: "datetime-local" },
          ]}
        />
      </section>
    </AdminPage>
  );
}
