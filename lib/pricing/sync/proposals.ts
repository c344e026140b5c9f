// Sale-price proposals from the price sync: listed for admins, approved (a new price row, effective
// once every instance has it) or rejected, each exactly once — the decision is a conditional update
// of a pending proposal, so two admins clicking at once decide it once.
import type { Db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { ModelPrice, NewPrice } from "@/lib/pricing/prices";
import { addPrice, PRICE_PROPAGATION_MS } from "@/lib/pricing/prices";

export type Proposal = {
  id: string;
  model: string;
  provider: string;
  basePriceId: string;
  rates: Record<string, string | number | null>;
  marginBps: number | null;
  source: string;
  status: string;
  createdAt: Date;
};

const SELECT = {
  id: true,
  model: true,
  provider: true,
  basePriceId: true,
  rates: true,
  marginBps: true,
  source: true,
  status: true,
  createdAt: true,
} as const;

export async function pendingProposals(db: Db): Promise<Proposal[]> {
  const rows = await db.priceProposal.findMany({
    where: { status: "pending" },
    orderBy: [{ createdAt: "desc" }, { id: "asc" }],
    take: 100,
    select: SELECT,
  });
  return rows.map((r) => ({ ...r, rates: r.rates as Proposal["rates"] }));
}

/** The proposed row: rates stored as decimal strings become bigints again (nulls stay null). */
function proposedPrice(p: Proposal): NewPrice {
  const out: Record<string, unknown> = { model: p.model, provider: p.provider };
  for (const [k, v] of Object.entries(p.rates)) {
    if (k === "tier") out.tier = v;
    else if (k === "longContextThreshold") out[k] = v === null ? null : Number(v);
    else out[k] = v === null ? null : BigInt(String(v));
  }
  return out as NewPrice;
}

export async function decideProposal(
  db: Db,
  input: { id: string; decision: "approve" | "reject"; decidedBy: string; now?: Date },
): Promise<{ proposal: Proposal; price: ModelPrice | null }> {
  const now = input.now ?? new Date();
  const { count } = await db.priceProposal.updateMany({
    where: { id: input.id, status: "pending" },
    data: {
      status: input.decision === "approve" ? "approved" : "rejected",
      decidedAt: now,
      decidedBy: input.decidedBy,
    },
  });
  const row = await db.priceProposal.findUnique({ where: { id: input.id }, select: SELECT });
  if (!row) throw new AppError("not_found", "No such proposal.");
  const proposal = { ...row, rates: row.rates as Proposal["rates"] };
  if (count === 0) throw new AppError("conflict", `This proposal was already ${row.status}.`);
  if (input.decision === "reject") return { proposal, price: null };
  const { price } = await addPrice(db, {
    ...proposedPrice(proposal),
    effectiveFrom: new Date(now.getTime() + PRICE_PROPAGATION_MS),
    source: `proposal:${proposal.id}`,
  });
  await db.priceProposal.update({ where: { id: proposal.id }, data: { appliedPriceId: price.id } });
  return { proposal, price };
}
