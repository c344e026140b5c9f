// Stored Stripe events and their processing. Every verified event is inserted once (unique on its
// id, full payload kept); processing claims the row, runs the handler's effect in one transaction
// under an advisory lock on the paying object, and marks the row applied/ignored in that same
// transaction — so "applied" and the effect commit together. A failure schedules a retry with
// exponential backoff and jitter; after WEBHOOK_MAX_ATTEMPTS the event is dead and admins alerted.
import type { Tx } from "@/lib/billing/db-types";
import { handlerFor } from "@/lib/billing/events/registry";
import type { EffectInput, EffectResult, EventHandler } from "@/lib/billing/events/types";
import { RetryLater } from "@/lib/billing/events/types";
import { notifyAdmins } from "@/lib/billing/notify";
import type { StripeEventPayload } from "@/lib/billing/webhook-verify";
import type { Db } from "@/lib/db";
import { env } from "@/lib/env";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { logger } from "@/lib/logger";

const CLAIM_SECONDS = 120;
const BACKOFF_BASE_MS = 30_000;
const BACKOFF_CAP_MS = 6 * 60 * 60 * 1000;

export type EventOutcome = {
  eventId: string;
  status: "received" | "processing" | "applied" | "ignored" | "failed" | "dead";
  duplicate?: boolean;
  note?: string | null;
};

/** Stores a verified event; `created` is false when this event id was already stored. */
export async function storeEvent(db: Db, event: StripeEventPayload, now = new Date()): Promise<boolean> {
  const { count } = await db.stripeEvent.createMany({
    data: [
      {
        id: event.id,
        type: event.type,
        objectId: event.data.object.id ?? null,
        livemode: event.livemode,
        payload: event as object,
        stripeCreated: new Date(event.created * 1000),
        receivedAt: now,
        nextAttemptAt: now,
      },
    ],
    skipDuplicates: true,
  });
  return count === 1;
}

/** Delay before attempt `attempt + 1`: base·2^(attempt-1), capped, with ±50% jitter below the cap. */
export function retryDelayMs(attempt: number, random: () => number = Math.random): number {
  const exponential = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, attempt - 1));
  return Math.round(exponential * (0.5 + random() / 2));
}

type Claimed = { type: string; payload: StripeEventPayload; attempts: number };

async function claim(db: PrismaClient, eventId: string, now: Date): Promise<Claimed | null> {
  const lockedUntil = new Date(now.getTime() + CLAIM_SECONDS * 1000);
  const rows = await db.$queryRaw<Claimed[]>`
    UPDATE "StripeEvent" SET status = 'processing', attempts = attempts + 1, "lockedUntil" = ${lockedUntil}
    WHERE id = ${eventId}
      AND ((status IN ('received', 'failed') AND "nextAttemptAt" <= ${now})
        OR (status = 'processing' AND "lockedUntil" < ${now}))
    RETURNING type, payload, attempts`;
  return rows[0] ?? null;
}

async function currentStatus(db: Db, eventId: string): Promise<EventOutcome> {
  const row = await db.stripeEvent.findUnique({
    where: { id: eventId },
    select: { status: true, note: true },
  });
  return { eventId, status: row?.status ?? "received", note: row?.note ?? null };
}

/** Processes one stored event if it is due (or stuck); otherwise reports its status. */
export async function processEvent(
  db: PrismaClient,
  eventId: string,
  options: { now?: Date; random?: () => number } = {},
): Promise<EventOutcome> {
  const now = options.now ?? new Date();
  const claimed = await claim(db, eventId, now);
  if (!claimed) return currentStatus(db, eventId);
  const handler = handlerFor(claimed.type);
  try {
    if (!handler) {
      await finish(db, eventId, { status: "ignored", note: `unhandled type ${claimed.type}` }, now);
      return { eventId, status: "ignored", note: `unhandled type ${claimed.type}` };
    }
    const input = {
      eventId,
      type: claimed.type,
      created: claimed.payload.created,
      object: claimed.payload.data.object,
      now,
    };
    const result = await runEffect(db, handler, input, (tx, effect) => finish(tx, eventId, effect, now));
    return { eventId, status: result.status, note: result.note ?? null };
  } catch (error) {
    return fail(db, eventId, claimed, error, now, options.random);
  }
}

/**
 * Runs one handler's effect: load (outside, may call Stripe), then apply in one transaction under
 * an advisory lock on the paying object. `then` commits with the effect (e.g. marking the event).
 * Sync uses this directly with objects read from Stripe, so both paths share the same effects.
 */
export async function runEffect(
  db: PrismaClient,
  handler: EventHandler,
  input: EffectInput,
  then?: (tx: Tx, effect: EffectResult) => Promise<void>,
): Promise<EffectResult> {
  const loaded = handler.load ? await handler.load(input.object) : null;
  return db.$transaction(
    async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${handler.lockKey(input.object)}, 0))`;
      const effect = await handler.apply(tx, input, loaded);
      if (then) await then(tx, effect);
      return effect;
    },
    { maxWait: 15_000, timeout: 30_000 },
  );
}

async function finish(db: Db, eventId: string, effect: EffectResult, now: Date): Promise<void> {
  await db.stripeEvent.update({
    where: { id: eventId },
    data: {
      status: effect.status,
      note: effect.note ?? null,
      processedAt: now,
      lockedUntil: null,
      lastError: null,
    },
  });
}

async function fail(
  db: PrismaClient,
  eventId: string,
  claimed: Claimed,
  error: unknown,
  now: Date,
  random?: () => number,
): Promise<EventOutcome> {
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  const dead = claimed.attempts >= env().WEBHOOK_MAX_ATTEMPTS;
  const nextAttemptAt = new Date(now.getTime() + retryDelayMs(claimed.attempts, random));
  await db.stripeEvent.update({
    where: { id: eventId },
    data: {
      status: dead ? "dead" : "failed",
      lastError: message.slice(0, 2000),
      nextAttemptAt,
      lockedUntil: null,
    },
  });
  const log = { eventId, type: claimed.type, attempts: claimed.attempts, err: error };
  if (error instanceof RetryLater) logger.info(log, "webhook effect deferred");
  else logger.warn(log, "webhook effect failed");
  if (dead) {
    await notifyAdmins(db, {
      alert: "webhook_dead",
      dedupeKey: `webhook_dead:${eventId}`,
      data: { eventId, type: claimed.type, attempts: claimed.attempts, lastError: message.slice(0, 500) },
    });
  }
  return { eventId, status: dead ? "dead" : "failed", note: message };
}

/** Admin replay (and tests): makes a dead or failed event due again now. */
/**
 * Statuses an admin may replay: failed and dead events, and settled ones (applied, ignored) —
 * every handler is idempotent on the event's effects, so running a settled event again changes
 * nothing; an event being received or processed is left alone.
 */
export const REPLAYABLE_STATUSES = ["dead", "failed", "applied", "ignored"] as const;

export async function requeueEvent(db: Db, eventId: string, now = new Date()): Promise<boolean> {
  const { count } = await db.stripeEvent.updateMany({
    where: { id: eventId, status: { in: [...REPLAYABLE_STATUSES] } },
    data: { status: "failed", nextAttemptAt: now, attempts: 0 },
  });
  return count === 1;
}
