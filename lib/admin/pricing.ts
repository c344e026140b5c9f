// The pricing editor: a change is a new effective-dated row (prices are never edited). A change of
// more than 20% in any PT or cost rate as billed (every dimension and tier, tool fees, the
// long-context threshold) against the price then in force needs explicit confirmation; without it
// the call answers 409 with the rates that moved.
import type { Actor } from "@/lib/admin/audit";
import { writeAudit } from "@/lib/admin/audit";
import { AppError } from "@/lib/errors";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { Tier } from "@/lib/pricing/charge";
import { CALL_FEE_FIELDS, DIMENSIONS, NO_EXTRA_RATES, SIDES, tierRates } from "@/lib/pricing/charge";
import type { ModelPrice, NewPrice } from "@/lib/pricing/prices";
import { addPrice, getPrice, PRICE_PROPAGATION_MS } from "@/lib/pricing/prices";

export type PriceChange = { field: string; from: bigint; to: bigint; percent: number };

function change(field: string, from: bigint, to: bigint, threshold: number): PriceChange | null {
  const delta = to > from ? to - from : from - to;
  if (delta === 0n) return null;
  if (from !== 0n && delta * 100n <= from * BigInt(threshold)) return null;
  return { field, from, to, percent: from === 0n ? 100 : Number((delta * 1000n) / from) / 10 };
}

/**
 * Rates changing by more than `threshold` percent (a move from 0 always counts). Compared as
 * billed, defaults applied: setting a cached rate where input was charged is a change of what
 * users pay. The long tier is compared when either row has one. Integer math.
 */
export function bigChanges(current: ModelPrice, next: NewPrice, threshold = 20): PriceChange[] {
  const after = { ...current, ...NO_EXTRA_RATES, ...withoutUndefined(next) };
  const tiers: Tier[] =
    current.longContextThreshold !== null || after.longContextThreshold !== null
      ? ["base", "long"]
      : ["base"];
  const out: (PriceChange | null)[] = [];
  for (const side of SIDES) {
    for (const tier of tiers) {
      const from = tierRates(current, side, tier);
      const to = tierRates(after, side, tier);
      for (const d of DIMENSIONS) {
        out.push(change(`${side}${d}${tier === "long" ? "Long" : ""}`, from[d], to[d], threshold));
      }
    }
  }
  for (const fee of CALL_FEE_FIELDS) out.push(change(fee, current[fee], after[fee], threshold));
  const [t0, t1] = [current.longContextThreshold, after.longContextThreshold];
  if (t0 !== t1) out.push(change("longContextThreshold", BigInt(t0 ?? 0), BigInt(t1 ?? 0), threshold));
  return out.filter((c): c is PriceChange => c !== null);
}

function withoutUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

export async function addPriceAsAdmin(
  db: PrismaClient,
  actor: Actor,
  input: NewPrice & { confirmLargeChange?: boolean },
) {
  const { confirmLargeChange, ...price } = input;
  // "Now" means once every instance's price cache has the row (PRICE_PROPAGATION_MS).
  const at = price.effectiveFrom ?? new Date(Date.now() + PRICE_PROPAGATION_MS);
  const current = await getPrice(db, { model: price.model, at }).catch(() => null);
  const changes = current ? bigChanges(current, price) : [];
  if (changes.length > 0 && !confirmLargeChange) {
    throw new AppError("conflict", "This changes a price by more than 20%. Confirm to save it.", {
      reason: "large_change",
      changes: changes.map((c) => ({ ...c, from: c.from.toString(), to: c.to.toString() })),
    });
  }
  return db.$transaction(async (tx) => {
    const result = await addPrice(tx, {
      ...price,
      effectiveFrom: at,
      source: price.source ?? `admin:${actor.userId}`,
    });
    if (result.created) {
      await writeAudit(tx, actor, {
        action: "price.add",
        targetType: "model_price",
        targetId: price.model,
        before: current,
        after: { ...result.price, largeChangeConfirmed: changes.length > 0 },
      });
    }
    return { ...result, changes };
  });
}
