// The record of a refused /v1 request: every refusal after the key is known (its rate limit, a
// revoked or expired key, scope, model, balance, budget, a bad body) is kept beside the served
// requests, as status "refused" with the HTTP status and OpenAI's error code; nothing was held or
// charged. A bearer matching no key belongs to no one, and is not recorded.

import { openAiErrorOf } from "@/lib/api/openai-errors";
import type { ApiKeyPrincipal } from "@/lib/api/principal";
import type { Db } from "@/lib/db";
import type { AppError } from "@/lib/errors";

export type KeyRef = { keyId: string; userId: string };

/** Refusals raised after a key was identified (authentication's own), with that key. */
const identified = new WeakMap<AppError, KeyRef>();

export function refusedKey<E extends AppError>(error: E, key: KeyRef): E {
  identified.set(error, key);
  return error;
}

function keyOf(principal: unknown, error: AppError): KeyRef | undefined {
  const p = principal as Partial<ApiKeyPrincipal> | undefined;
  if (p?.kind === "api_key" && p.keyId && p.userId) return { keyId: p.keyId, userId: p.userId };
  return identified.get(error);
}

function field(body: unknown, name: string): unknown {
  return body && typeof body === "object" ? (body as Record<string, unknown>)[name] : undefined;
}

export async function recordApiRefusal(
  db: Db,
  refusal: { error: AppError; principal: unknown; body: unknown; startedAt: number },
): Promise<void> {
  const key = keyOf(refusal.principal, refusal.error);
  if (!key) return;
  const model = field(refusal.body, "model");
  const mapped = openAiErrorOf(refusal.error);
  const now = new Date();
  await db.apiRequest.create({
    data: {
      keyId: key.keyId,
      userId: key.userId,
      model: typeof model === "string" && model.length > 0 ? model.slice(0, 200) : null,
      stream: field(refusal.body, "stream") === true,
      status: "refused",
      ptReserved: 0n,
      ptCharged: 0n,
      httpStatus: mapped.status,
      errorCode: mapped.code,
      durationMs: Math.max(0, Math.round(performance.now() - refusal.startedAt)),
      createdAt: now,
      settledAt: now,
    },
    select: { id: true },
  });
}
