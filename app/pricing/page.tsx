// Pricing: plans, top-up packs, what each unlocks and the PT → messages rule of thumb. Rendered
// on the server from the same catalog as GET /api/billing/plans.
import type { Metadata } from "next";
import Link from "next/link";
import { groupedPt } from "@/components/billing/api";
import { BuyButton } from "@/components/billing/buy-button";
import { catalog } from "@/lib/billing/catalog";
import { standardTypicalMessage } from "@/lib/chat/models";
import { getDb } from "@/lib/db";

export const metadata: Metadata = { title: "Pricing" };
export const dynamic = "force-dynamic";

export default async function PricingPage() {
  // The model picker's figure for the model a new visitor chats with; the nominal rule without one.
  const typical = await standardTypicalMessage(await getDb()).catch(() => null);
  const c = catalog(undefined, typical?.pt);
  return (
    <div className="mx-auto max-w-6xl px-4 py-12 sm:px-6">
      <h1 className="text-3xl font-bold tracking-tight text-ink">Pricing</h1>
      <p className="mt-3 max-w-2xl text-slate-600">
        You pay in PT (platform tokens). Rule of thumb: a typical message costs about{" "}
        <strong>{groupedPt(c.ptPerTypicalMessage)} PT</strong>{" "}
        {typical
          ? `on ${typical.label} (${typical.measured ? "the median of recent messages" : "about 200 tokens in and 400 out"})`
          : "on a standard model"}
        , so 1,000,000 PT is roughly {groupedPt(1_000_000n / BigInt(c.ptPerTypicalMessage))} messages. Bigger
        models cost more per message.{" "}
        <Link href="/help#charges" className="font-medium text-brand-700 underline">
          How charges work
        </Link>
      </p>
      {c.testMode && (
        <p className="mt-4 rounded-lg border border-amber-300 bg-amber-50 px-4 py-3 text-sm text-amber-900">
          Test mode: checkout uses a built-in test page and takes no real payment.
        </p>
      )}
      <section aria-labelledby="plans-heading" className="mt-10">
        <h2 id="plans-heading" className="text-xl font-semibold text-ink">
          Plans
        </h2>
        <ul className="mt-4 grid gap-4 md:grid-cols-3">
          {c.plans.map((plan) => (
            <li
              key={plan.id}
              data-plan={plan.id}
              className="flex flex-col rounded-xl border border-slate-200 p-6"
            >
              <h3 className="text-lg font-semibold text-ink">{plan.name}</h3>
              <p className="mt-2 text-3xl font-bold text-ink">
                {plan.price}
                <span className="text-base font-normal text-slate-500"> / month</span>
              </p>
              <ul className="mt-4 flex-1 space-y-1.5 text-sm text-slate-700">
                <li>
                  {groupedPt(plan.monthlyAllowancePt)} PT every month (≈ {plan.approxMessages} messages),
                  expiring at the period end
                </li>
                <li>Models: {plan.modelTiers.join(", ")} tier</li>
                <li>
                  {plan.requestsPerMinute} requests / minute · {plan.concurrentStreams} concurrent chat
                  {plan.concurrentStreams === 1 ? "" : "s"}
                </li>
                <li>Up to {groupedPt(String(plan.maxOutputTokens))} output tokens per reply</li>
                <li>Daily cap {groupedPt(plan.dailyPtCap)} PT</li>
              </ul>
              <div className="mt-6">
                {plan.purchasable ? (
                  <BuyButton choice={{ planId: plan.id }} label={`Choose ${plan.name}`} />
                ) : (
                  <p className="text-sm text-slate-500">
                    {plan.id === "free" ? "Included with every account" : "Not on sale"}
                  </p>
                )}
              </div>
            </li>
          ))}
        </ul>
      </section>
      <section id="packs" aria-labelledby="packs-heading" className="mt-12">
        <h2 id="packs-heading" className="text-xl font-semibold text-ink">
          Top-up packs
        </h2>
        <p className="mt-2 text-sm text-slate-600">
          One-time purchases on any plan. Purchased PT never expire.
        </p>
        <ul className="mt-4 grid gap-4 md:grid-cols-3">
          {c.packs.map((pack) => (
            <li key={pack.id} data-pack={pack.id} className="rounded-xl border border-slate-200 p-6">
              <h3 className="font-semibold text-ink">{pack.name}</h3>
              <p className="mt-2 text-2xl font-bold text-ink">{pack.price}</p>
              <p className="mt-1 text-sm text-slate-700">
                {groupedPt(pack.pt)} PT (≈ {pack.approxMessages} messages)
              </p>
              <div className="mt-4">
                {pack.purchasable ? (
                  <BuyButton choice={{ packId: pack.id }} label={`Buy ${pack.name.toLowerCase()}`} />
                ) : (
                  <p className="text-sm text-slate-500">Not on sale</p>
                )}
              </div>
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
