// The shape of one webhook event handler. load() runs outside the database transaction (it may
// call Stripe for the object's current state); apply() runs inside one transaction, under a lock
// on the paying object, and must be idempotent: it may run again for the same object at any time.
import type { Tx } from "@/lib/billing/db-types";

export type EffectInput = { eventId: string; type: string; created: number; object: unknown; now: Date };
export type EffectResult = { status: "applied" | "ignored"; note?: string };

export type EventHandler = {
  lockKey(object: unknown): string;
  load?(object: unknown): Promise<unknown>;
  apply(tx: Tx, input: EffectInput, loaded: unknown): Promise<EffectResult>;
};

/** Thrown when an effect cannot apply yet (e.g. a refund whose purchase has not arrived): retried. */
export class RetryLater extends Error {
  constructor(message: string) {
    super(message);
    this.name = "RetryLater";
  }
}

export function seconds(date: Date): bigint {
  return BigInt(Math.floor(date.getTime() / 1000));
}
