// The model catalog as a caller sees it: priced models only, each with its tier, whether the
// caller's plan unlocks it, and a typical price per message for the model picker.
import { isPaidModel, modelTier } from "@/lib/chat/admit";
import type { CatalogEntry } from "@/lib/chat/catalog";
import { configuredModels } from "@/lib/chat/catalog";
import type { ChatAccess } from "@/lib/chat/limits";
import type { Db } from "@/lib/db";
import type { ModelTier, PlanId } from "@/lib/entitlements";
import { planAllowsTier, plansUnlocking } from "@/lib/entitlements";
import { costOf, currentPrices } from "@/lib/pricing/prices";

/** A "typical" message for the picker's price per message: short question, medium answer. */
export const TYPICAL_MESSAGE = { inputTokens: 200, outputTokens: 400 };

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
  const prices = new Map((await currentPrices(db)).map((p) => [p.model, p]));
  const out: ModelListing[] = [];
  for (const entry of configuredModels()) {
    const price = prices.get(entry.id);
    if (!price) continue; // unpriced models are never offered
    const tier = modelTier(entry, price);
    const locked = !planAllowsTier(access.plan, tier);
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
      typicalMessagePt: costOf(price, TYPICAL_MESSAGE).pt.toString(),
    });
  }
  return out;
}
