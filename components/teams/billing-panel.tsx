"use client";
// The team billing page's panels: seats (buy the team plan, or change seats on it), top-ups for
// the pool, purchases and the billing email. Every purchase or change asks first, naming the price.
// Money arrives formatted by the server, or as minor units formatted here with exact string math.
import { useRouter } from "next/navigation";
import { useState } from "react";
import type { Wire } from "@/components/api-client";
import { ConfirmButton } from "@/components/teams/confirm-button";
import { pt } from "@/components/teams/types";
import type { Outcome } from "@/components/teams/use-team-action";
import { useTeamAction } from "@/components/teams/use-team-action";
import { api } from "@/lib/auth/client";
import type { getTeamBilling } from "@/lib/billing/team-billing";

export type TeamBillingView = Wire<Awaited<ReturnType<typeof getTeamBilling>>>;

/** "$45.00" from minor units (a decimal string) without floats. */
function money(minor: bigint, currency: string): string {
  const digits = minor.toString().padStart(3, "0");
  return new Intl.NumberFormat(undefined, { style: "currency", currency: currency.toUpperCase() }).format(
    `${digits.slice(0, -2)}.${digits.slice(-2)}` as `${number}`,
  );
}

function OutcomeLine({ outcome }: { outcome: Outcome }) {
  if (!outcome) return null;
  return (
    <p
      role={outcome.tone === "error" ? "alert" : "status"}
      className={outcome.tone === "error" ? "mt-2 text-red-700" : "mt-2 text-green-800"}
    >
      {outcome.text}
    </p>
  );
}

/** Opens a checkout (redirecting to it) or, for a team with the plan, changes seats in place. */
function useCheckout(teamId: string) {
  const router = useRouter();
  const [pending, setPending] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>(null);
  async function buy(choice: { seats: number } | { packId: string }, success: string) {
    setPending(true);
    setOutcome(null);
    const result = await api<{ url: string; changed?: boolean }>(`/api/teams/${teamId}/billing/checkout`, {
      body: choice,
    });
    if (result.ok && !result.data.changed) {
      window.location.assign(result.data.url);
      return;
    }
    setPending(false);
    if (!result.ok) {
      const detail = result.error.details?.[0]?.message;
      setOutcome({
        tone: "error",
        text: detail ? `${result.error.message} ${detail}` : result.error.message,
      });
      return;
    }
    setOutcome({ tone: "success", text: success });
    router.refresh();
  }
  return { pending, outcome, buy };
}

export function SeatsPanel({ teamId, billing }: { teamId: string; billing: TeamBillingView }) {
  const current = billing.subscription?.seats ?? 0;
  const [seats, setSeats] = useState(Math.max(current, billing.plan.minSeats));
  const { pending, outcome, buy } = useCheckout(teamId);
  const seatMinor = BigInt(billing.plan.seatPriceMinor);
  const valid = Number.isInteger(seats) && seats >= billing.plan.minSeats && seats <= billing.plan.maxSeats;
  const monthly = valid ? money(seatMinor * BigInt(seats), billing.currency) : "—";
  const poolPt = valid ? pt((BigInt(billing.plan.ptPerSeat) * BigInt(seats)).toString()) : "—";
  return (
    <div>
      <dl className="grid grid-cols-1 gap-3 sm:grid-cols-3">
        <div>
          <dt className="text-sm text-slate-600">Seats</dt>
          <dd className="text-xl font-semibold" data-testid="team-seats">
            {current === 0 ? "No plan" : current}
          </dd>
        </div>
        <div>
          <dt className="text-sm text-slate-600">Allowance left this period</dt>
          <dd className="text-xl font-semibold" data-testid="team-allowance-left">
            {pt(billing.allowance.left)}
          </dd>
        </div>
        <div>
          <dt className="text-sm text-slate-600">Pool available</dt>
          <dd className="text-xl font-semibold" data-testid="team-pool-available">
            {pt(billing.pool.available)}
          </dd>
        </div>
      </dl>
      {billing.subscription?.periodEnd ? (
        <p className="mt-2 text-sm text-slate-600">
          Renews {new Date(billing.subscription.periodEnd).toLocaleDateString()}
          {billing.subscription.cancelAtPeriodEnd ? " (ends then)" : ""}.
        </p>
      ) : null}
      <p className="mt-4 text-slate-700">
        {billing.plan.name} plan: {billing.plan.seatPrice} per seat a month; each seat adds{" "}
        {pt(billing.plan.ptPerSeat)} to the team's pool every period.
      </p>
      {billing.plan.purchasable ? (
        <div className="mt-3 flex flex-col gap-2 sm:flex-row sm:items-end">
          <label className="flex flex-col text-sm font-medium text-slate-800">
            Seats
            <input
              type="number"
              inputMode="numeric"
              min={billing.plan.minSeats}
              max={billing.plan.maxSeats}
              value={Number.isNaN(seats) ? "" : seats}
              onChange={(e) => setSeats(e.currentTarget.valueAsNumber)}
              className="mt-1 w-full rounded-md border border-slate-300 px-3 py-2 sm:w-32"
              data-testid="team-seats-input"
            />
          </label>
          <ConfirmButton
            label={current === 0 ? "Buy the team plan" : "Change seats"}
            title={current === 0 ? `Buy ${seats} seats?` : `Change to ${seats} seats?`}
            confirmLabel={current === 0 ? "Go to checkout" : "Change seats"}
            disabled={pending || !valid || seats === current}
            testId="team-seats-buy"
            onConfirm={() => void buy({ seats }, `The team now has ${seats} seats.`)}
          >
            <p>
              {monthly} a month for {seats} seats; the pool gets {poolPt} each period.
            </p>
            {current > 0 && seats > current ? (
              <p className="mt-2">
                The added seats are charged now for the rest of this period (prorated) and their allowance is
                added at once.
              </p>
            ) : null}
            {current > 0 && seats < current ? (
              <p className="mt-2">
                Removing seats takes effect now, with no credit: their allowance for this period stays in the
                pool.
              </p>
            ) : null}
          </ConfirmButton>
        </div>
      ) : (
        <p className="mt-3 text-slate-600">The team plan is not on sale on this server.</p>
      )}
      <OutcomeLine outcome={outcome} />
    </div>
  );
}

export function TopUpPanel({ teamId, billing }: { teamId: string; billing: TeamBillingView }) {
  const { pending, outcome, buy } = useCheckout(teamId);
  return (
    <div>
      <p className="text-slate-700">Top-ups add PT to the team's pool; they do not expire.</p>
      <ul className="mt-3 grid grid-cols-1 gap-3 sm:grid-cols-3">
        {billing.packs.map((pack) => (
          <li key={pack.id} className="rounded-lg border border-slate-200 p-3">
            <p className="font-semibold">{pack.name}</p>
            <p className="text-slate-700">
              {pt(pack.pt)} for {pack.price}
            </p>
            <div className="mt-2">
              <ConfirmButton
                label="Buy"
                title={`Buy the ${pack.name.toLowerCase()} for the team?`}
                confirmLabel="Go to checkout"
                disabled={pending || !pack.purchasable}
                testId={`team-topup-${pack.id}`}
                onConfirm={() => void buy({ packId: pack.id }, "")}
              >
                <p>
                  {pack.price} for {pt(pack.pt)}, added to the team's pool.
                </p>
              </ConfirmButton>
            </div>
          </li>
        ))}
      </ul>
      <OutcomeLine outcome={outcome} />
    </div>
  );
}

export function PurchasesTable({ billing }: { billing: TeamBillingView }) {
  if (billing.purchases.length === 0) return <p className="text-slate-600">No purchases yet.</p>;
  return (
    <ul className="divide-y divide-slate-200" data-testid="team-purchases">
      {billing.purchases.map((p) => (
        <li key={p.id} className="flex flex-col gap-1 py-2 sm:flex-row sm:items-baseline sm:justify-between">
          <span>
            <span className="font-medium">{p.description}</span>
            <span className="block text-sm text-slate-600">
              {new Date(p.createdAt).toLocaleString()} · {pt(p.pt)}
            </span>
          </span>
          <span className="text-right">
            <span className="font-semibold">{p.amount}</span>
            {p.tax ? <span className="block text-sm text-slate-600">incl. tax {p.tax}</span> : null}
            {p.refunded ? <span className="block text-sm text-slate-600">refunded {p.refunded}</span> : null}
          </span>
        </li>
      ))}
    </ul>
  );
}

export function BillingEmailForm({ teamId, billing }: { teamId: string; billing: TeamBillingView }) {
  const [email, setEmail] = useState(billing.billingEmailIsDefault ? "" : (billing.billingEmail ?? ""));
  const { pending, outcome, run } = useTeamAction();
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        void run(
          `/api/teams/${teamId}/billing`,
          { method: "PATCH", body: { billingEmail: email.trim() === "" ? null : email.trim() } },
          "Billing email saved.",
        );
      }}
    >
      <p className="text-slate-700">
        Invoices and receipts go to <strong>{billing.billingEmail ?? "no address"}</strong>
        {billing.billingEmailIsDefault ? " (the owner's email)" : ""}.
      </p>
      <div className="mt-2 flex flex-col gap-2 sm:flex-row">
        <label className="sr-only" htmlFor="team-billing-email">
          Billing email
        </label>
        <input
          id="team-billing-email"
          type="email"
          value={email}
          placeholder="Leave empty for the owner's email"
          onChange={(e) => setEmail(e.currentTarget.value)}
          className="w-full rounded-md border border-slate-300 px-3 py-2 sm:w-80"
        />
        <button
          type="submit"
          disabled={pending}
          className="rounded-lg bg-brand-700 px-4 py-2 font-semibold text-white hover:bg-brand-800 disabled:opacity-60"
        >
          Save
        </button>
      </div>
      <OutcomeLine outcome={outcome} />
    </form>
  );
}
