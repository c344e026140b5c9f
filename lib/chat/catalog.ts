// The model catalog: which models this deployment offers, each tied to its provider, its price
// row (ModelPrice.model = the catalog id) and its tier. A provider's models are offered only when
// its env vars are set; a model without a price row is never offered or run (fail closed).
import type { ModelTier } from "@/lib/entitlements";
import { env } from "@/lib/env";

export type ProviderKind = "demo" | "openai" | "anthropic" | "openai-compatible";

export type CatalogEntry = {
  /** Public id: what clients send, and the key of the model's price row. */
  id: string;
  label: string;
  description: string;
  provider: ProviderKind;
  /** The id the provider knows the model by. */
  providerModel: string;
  /** From config; null means "take the tier of the price row" (OpenAI-compatible models). */
  tier: ModelTier | null;
};

/** Models offered when their provider is configured. Tiers decide which plans may use them. */
export const STATIC_MODELS: readonly CatalogEntry[] = [
  {
    id: "demo",
    label: "Demo",
    description: "Built-in model: deterministic answers, real token counts, no provider cost.",
    provider: "demo",
    providerModel: "demo",
    tier: "free",
  },
  model(
    "gpt-4o-mini",
    "GPT-4o mini",
    "OpenAI's fast, inexpensive model for everyday questions.",
    "openai",
    "free",
  ),
  model("gpt-4.1-mini", "GPT-4.1 mini", "OpenAI's small model with a long context.", "openai", "pro"),
  model("gpt-4.1", "GPT-4.1", "OpenAI's flagship model for complex tasks.", "openai", "pro"),
  model("gpt-4o", "GPT-4o", "OpenAI's multimodal flagship.", "openai", "pro"),
  model(
    "claude-3-5-haiku-20241022",
    "Claude 3.5 Haiku",
    "Anthropic's fast, affordable model.",
    "anthropic",
    "pro",
  ),
  model(
    "claude-haiku-4-5-20251001",
    "Claude Haiku 4.5",
    "Anthropic's fastest current model.",
    "anthropic",
    "pro",
  ),
  model(
    "claude-sonnet-4-20250514",
    "Claude Sonnet 4",
    "Anthropic's most capable model for writing and code.",
    "anthropic",
    "max",
  ),
];

function model(
  id: string,
  label: string,
  description: string,
  provider: ProviderKind,
  tier: ModelTier,
): CatalogEntry {
  return { id, label, description, provider, providerModel: id, tier };
}

export type ProviderConfig = {
  openai: boolean;
  anthropic: boolean;
  compatibleModels: string[];
};

export function providerConfig(): ProviderConfig {
  const e = env();
  return {
    openai: Boolean(e.OPENAI_API_KEY),
    anthropic: Boolean(e.ANTHROPIC_API_KEY),
    compatibleModels: e.OPENAI_COMPATIBLE_BASE_URL ? e.OPENAI_COMPATIBLE_MODELS : [],
  };
}

/**
 * The configured catalog, before prices: the demo model is always there (it is the zero-config
 * default and costs the operator nothing); the others when their provider is configured.
 */
export function configuredModels(config: ProviderConfig = providerConfig()): CatalogEntry[] {
  const entries = STATIC_MODELS.filter(
    (m) =>
      m.provider === "demo" ||
      (m.provider === "openai" && config.openai) ||
      (m.provider === "anthropic" && config.anthropic),
  );
  const taken = new Set(entries.map((m) => m.id));
  for (const id of config.compatibleModels) {
    if (taken.has(id)) continue;
    taken.add(id);
    entries.push({
      id,
      label: id,
      description: "Served by the operator's OpenAI-compatible endpoint.",
      provider: "openai-compatible",
      providerModel: id,
      tier: null,
    });
  }
  return entries;
}

export function findConfiguredModel(id: string, config?: ProviderConfig): CatalogEntry | undefined {
  return configuredModels(config).find((m) => m.id === id);
}
