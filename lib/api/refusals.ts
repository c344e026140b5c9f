// The record of a refused /v1 request: every refusal after the key is known (its rate limit, a
// revoked or expired key, scope, model, balance, budget, a bad body) is kept beside the served
// requests, as status "refused" with the HTTP status and OpenAI's error code; nothing was held or
// charged. A bearer matching no key belongs to no one, and is not recorded. The rows are written in
// batches off the request path (a crash loses at most the last second's refusals; no money moves).

import { randomUUID } from "node:crypto";
import { openAiErrorOf } from "@/lib/api/openai-errors";
import type { ApiKeyPrincipal } from "@/lib/api/principal";
import type { Db } from "@/lib/db";
import type { AppError } from "@/lib/errors";
import type { Prisma } from "@/lib/generated/prisma/client";
import { logger } from "@/lib/logger";

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

type RefusalRow = Prisma.ApiRequestCreateManyInput;

/** Refusals are written in batches, off the refused request's path: a flood of 429s costs one INSERT per batch. */
export const REFUSAL_FLUSH_MS = 1_000;
const BATCH = 500;
/** Beyond this many unwritten refusals (a flood the database cannot keep up with) the rest are counted in the log only. */
const MAX_PENDING = 10_000;

const pending: RefusalRow[] = [];
let target: Db | undefined;
let timer: ReturnType<typeof setTimeout> | undefined;
let dropped = 0;

/** Notes the refusal (no I/O on the request's path); it is written within REFUSAL_FLUSH_MS. */
export function recordApiRefusal(
  db: Db,
  refusal: { error: AppError; principal: unknown; body: unknown; startedAt: number },
): void {
  const key = keyOf(refusal.principal, refusal.error);
  if (!key) return;
  if (pending.length >= MAX_PENDING) {
    dropped++;
    return;
  }
  const model = field(refusal.body, "model");
  const mapped = openAiErrorOf(refusal.error);
  const now = new Date();
  pending.push({
    id: randomUUID(),
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
  });
  target = db;
  if (pending.length >= BATCH) schedule(0);
  else schedule(REFUSAL_FLUSH_MS);
}

function schedule(ms: number): void {
  if (timer && ms > 0) return;
  if (timer) clearTimeout(timer);
  timer = setTimeout(() => {
    timer = undefined;
    flushRefusals().catch((error: unknown) => logger.error({ err: error }, "writing API refusals failed"));
  }, ms);
  timer.unref?.();
}

/** The flush in progress: the next one starts after it, so a caller's flush returns only once rows noted before it are written. */
let inflight: Promise<unknown> = Promise.resolve();

/** Writes the noted refusals, BATCH rows per INSERT; answers how many were written. */
export function flushRefusals(db: Db | undefined = target): Promise<number> {
  if (dropped > 0) {
    logger.warn({ dropped }, "API refusals not recorded: too many waiting to be written");
    dropped = 0;
  }
  if (!db) return inflight.then(() => 0);
  const run = inflight.then(async () => {
    let written = 0;
    while (pending.length > 0) {
      const rows = pending.splice(0, BATCH);
      written += (await db.apiRequest.createMany({ data: rows })).count;
    }
    return written;
  });
  inflight = run.catch(() => undefined);
  return run;
}
