// Turns a catalog entry into an AI SDK language model. Provider clients are built once per
// process from env (keys never leave this module); the demo model needs no configuration.
// Model objects are stateless between calls and are kept per catalog entry: building one compiles
// its response schemas (zod), which cost more CPU than the rest of the chat request.
import { createAnthropic } from "@ai-sdk/anthropic";
import { createOpenAI } from "@ai-sdk/openai";
import { createOpenAICompatible } from "@ai-sdk/openai-compatible";
import type { CatalogEntry } from "@/lib/chat/catalog";
import { createDemoModel } from "@/lib/chat/demo-model";
import type { ChatLanguageModel } from "@/lib/chat/model-call";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";

type Clients = {
  openai?: ReturnType<typeof createOpenAI>;
  anthropic?: ReturnType<typeof createAnthropic>;
  compatible?: ReturnType<typeof createOpenAICompatible>;
};

let clients: Clients | undefined;
const models = new Map<string, ChatLanguageModel>();

/**
 * The platform fetch, not Next's patched one: a completion is never a cacheable data fetch, and
 * the patch (data-cache lookup, request dedupe, a tracing span) cost about 0.2 ms of CPU per call.
 * Next keeps the original on its patched function; outside Next there is no patch to skip.
 */
function providerFetch(): typeof fetch {
  const patched = globalThis.fetch as typeof fetch & { _nextOriginalFetch?: typeof fetch };
  return patched._nextOriginalFetch ?? patched;
}

function getClients(): Clients {
  if (clients) return clients;
  const e = env();
  const fetch = providerFetch();
  clients = {
    openai: e.OPENAI_API_KEY
      ? createOpenAI({ apiKey: e.OPENAI_API_KEY, baseURL: e.OPENAI_BASE_URL, fetch })
      : undefined,
    anthropic: e.ANTHROPIC_API_KEY
      ? createAnthropic({ apiKey: e.ANTHROPIC_API_KEY, baseURL: e.ANTHROPIC_BASE_URL, fetch })
      : undefined,
    compatible: e.OPENAI_COMPATIBLE_BASE_URL
      ? createOpenAICompatible({
          name: "compatible",
          baseURL: e.OPENAI_COMPATIBLE_BASE_URL,
          apiKey: e.OPENAI_COMPATIBLE_API_KEY,
          // Ask for the final usage chunk (stream_options.include_usage) so billing uses real counts.
          includeUsage: true,
          fetch,
        })
      : undefined,
  };
  return clients;
}

/** Tests only: rebuild provider clients from the current env(). */
export function resetProvidersForTests(): void {
  clients = undefined;
  models.clear();
}

/** The prompt cache a call to this model asks for: Anthropic's as configured, none elsewhere. */
export function promptCacheFor(entry: CatalogEntry): "off" | "5m" | "1h" {
  return entry.provider === "anthropic" ? env().ANTHROPIC_PROMPT_CACHE : "off";
}

export function languageModelFor(entry: CatalogEntry): ChatLanguageModel {
  const key = `${entry.provider}:${entry.providerModel}`;
  let model = models.get(key);
  if (!model) {
    model = buildModel(entry);
    models.set(key, model);
  }
  return model;
}

function buildModel(entry: CatalogEntry): ChatLanguageModel {
  const c = getClients();
  switch (entry.provider) {
    case "demo":
      return createDemoModel({ delayMs: env().DEMO_MODEL_DELAY_MS, modelId: entry.providerModel });
    case "openai":
      if (c.openai) return c.openai(entry.providerModel);
      break;
    case "anthropic":
      if (c.anthropic) return c.anthropic(entry.providerModel);
      break;
    case "openai-compatible":
      if (c.compatible) return c.compatible.chatModel(entry.providerModel);
      break;
  }
  throw new AppError("service_unavailable", `The provider of ${entry.id} is not configured.`);
}
