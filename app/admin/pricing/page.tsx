// Admin: the pricing editor — current prices, one model's history, and a form that adds a new
// effective-dated row (a change above 20% asks for explicit confirmation).
import type { Metadata } from "next";
import Link from "next/link";
import { ActionForm } from "@/components/admin/action-form";
import { AdminPage, param, Table, td, when } from "@/components/admin/ui";
import { requireAdminPage } from "@/lib/auth/current-user";
import { getDb } from "@/lib/db";
import { currentPrices, priceHistory } from "@/lib/pricing/prices";

export const metadata: Metadata = { title: "Admin · Pricing" };
export const dynamic = "force-dynamic";

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };
const HEAD = [
  "Model",
  "Provider",
  "Tier",
  "PT / 1M in",
  "PT / 1M out",
  "Cost µ$ / 1M in",
  "Cost µ$ / 1M out",
  "Effective from",
  "Source",
];

export default async function AdminPricingPage({ searchParams }: Props) {
  await requireAdminPage("/admin/pricing");
  const model = param(await searchParams, "model")?.slice(0, 100);
  const db = await getDb();
  const [current, history] = await Promise.all([currentPrices(db), model ? priceHistory(db, model) : []]);
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
      <td className={td}>{p.ptPerMInput.toString()}</td>
      <td className={td}>{p.ptPerMOutput.toString()}</td>
      <td className={td}>{p.costMicroUsdPerMInput.toString()}</td>
      <td className={td}>{p.costMicroUsdPerMOutput.toString()}</td>
      <td className={td}>{when(p.effectiveFrom)}</td>
      <td className={td}>{p.source ?? "—"}</td>
    </tr>
  );
  return (
    <AdminPage title="Pricing" active="/admin/pricing">
      <Table caption="Current prices" head={HEAD}>
        {current.map(row)}
      </Table>
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
          after you save, once every server has it). A change above 20% asks you to confirm.
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
            {
              name: "ptPerMInput",
              label: "PT per 1M input tokens",
              required: true,
              defaultValue: selected?.ptPerMInput.toString(),
            },
            {
              name: "ptPerMOutput",
              label: "PT per 1M output tokens",
              required: true,
              defaultValue: selected?.ptPerMOutput.toString(),
            },
            {
              name: "costMicroUsdPerMInput",
              label: "Provider cost µ$ per 1M input",
              required: true,
              defaultValue: selected?.costMicroUsdPerMInput.toString(),
            },
            {
              name: "costMicroUsdPerMOutput",
              label: "Provider cost µ$ per 1M output",
              required: true,
              defaultValue: selected?.costMicroUsdPerMOutput.toString(),
            },
            { name: "effectiveFrom", label: "Effective from (UTC, optional)", type: "datetime-local" },
          ]}
        />
      </section>
    </AdminPage>
  );
}
