// The model catalog as a caller sees it: priced models only, each with its tier, whether the
// caller's plan unlocks it, and a typical price per message for the model picker.
import { isPaidModel, modelTier } from "@/lib/chat/admit";
import type { CatalogEntry } from "@/lib/chat/catalog";
import { configuredModels } from "@/lib/chat/catalog";
import type { ChatAccess } from "@/lib/chat/limits";
import type { Db } from "@/lib/db";
import type { ModelTier, PlanId } from "@/lib/entitlements";
import { planAllowsTier, plansUnlocking } from "@/lib/entitlements";
import { currentPrices } from "@/lib/pricing/prices";
import { typicalMessages } from "@/lib/pricing/typical";

export type ModelListing = {
  id: string;
  label: string;
  description: string;
  provider: CatalogEntry["provider"];
  tier: ModelTier;
  paid: boolean;
  locked: boolean;
  /** Plans that unlock a locked model, cheapest first. */
  unlockPlans?: PlanId[];
  ptPerMInput: string;
  ptPerMOutput: string;
  typicalMessagePt: string;
};

/** The catalog for this caller: priced models only, with locked + unlockPlans where the plan does not allow them. */
export async function listModels(db: Db, access: Pick<ChatAccess, "plan">): Promise<ModelListing[]> {
  return (await listing(db, access)).map(({ measured: _, ...model }) => model);
}

async function listing(
  db: Db,
  access: Pick<ChatAccess, "plan">,
): Promise<(ModelListing & { measured: boolean })[]> {
  const current = await currentPrices(db);
  const prices = new Map(current.map((p) => [p.model, p]));
  const typical = await typicalMessages(db, current);
  const out: (ModelListing & { measured: boolean })[] = [];
  for (const entry of configuredModels()) {
    const price = prices.get(entry.id);
    if (!price) continue; // unpriced models are never offered
    const tier = modelTier(entry, price);
    const locked = !planAllowsTier(access.plan, tier);
    const usual = typical.get(price.model);
    out.push({
      id: entry.id,
      label: entry.label,
      description: entry.description,
      provider: entry.provider,
      tier,
      paid: isPaidModel(price),
      locked,
      ...(locked ? { unlockPlans: plansUnlocking(tier) } : {}),
      ptPerMInput: price.ptPerMInput.toString(),
      ptPerMOutput: price.ptPerMOutput.toString(),
      typicalMessagePt: (usual?.pt ?? 0n).toString(),
      measured: usual?.measured ?? false,
    });
  }
  return out;
}

export type StandardTypical = { model: string; label: string; pt: bigint; measured: boolean };

/**
 * The typical message on the model a new visitor chats with (the first priced model of the free
 * tier), for the pricing and help pages' rule of thumb; null when no free model is priced.
 */
export async function standardTypicalMessage(db: Db): Promise<StandardTypical | null> {
  const first = (await listing(db, { plan: "free" })).find((m) => !m.locked);
  return first
    ? { model: first.id, label: first.label, pt: BigInt(first.typicalMessagePt), measured: first.measured }
    : null;
}
