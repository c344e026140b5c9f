// The pricing editor: a change is a new effective-dated row (prices are never edited). A change of
// more than 20% in any PT or cost field against the price then in force needs explicit
// confirmation; without it the call answers 409 with the fields that moved.
import type { Actor } from "@/lib/admin/audit";
import { writeAudit } from "@/lib/admin/audit";
import { AppError } from "@/lib/errors";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { ModelPrice, NewPrice } from "@/lib/pricing/prices";
import { addPrice, getPrice, PRICE_PROPAGATION_MS } from "@/lib/pricing/prices";

const FIELDS = ["ptPerMInput", "ptPerMOutput", "costMicroUsdPerMInput", "costMicroUsdPerMOutput"] as const;

export type PriceChange = { field: (typeof FIELDS)[number]; from: bigint; to: bigint; percent: number };

/** Fields changing by more than `threshold` percent (a move from 0 always counts). Integer math. */
export function bigChanges(current: ModelPrice, next: NewPrice, threshold = 20): PriceChange[] {
  const out: PriceChange[] = [];
  for (const field of FIELDS) {
    const from = current[field];
    const to = next[field];
    const delta = to > from ? to - from : from - to;
    if (delta === 0n) continue;
    if (from === 0n || delta * 100n > from * BigInt(threshold)) {
      out.push({ field, from, to, percent: from === 0n ? 100 : Number((delta * 1000n) / from) / 10 });
    }
  }
  return out;
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
