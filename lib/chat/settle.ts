// Settles one assistant message: on finish, client abort or provider error. The charge is the
// price table applied to the provider's usage, or, when the provider reported none (aborts, some
// servers), to tokens counted from the streamed text. Nothing produced → the hold is released and
// nothing is charged. Idempotent on the message id: the ledger settles a hold once, and the
// message row moves out of "streaming" once, so a retried settle can never bill twice.
import type { Db } from "@/lib/chat/types";
import { getBalance } from "@/lib/ledger/accounts";
import type { AccountRef } from "@/lib/ledger/common";
import { release, settle } from "@/lib/ledger/holds";
import { countTokens } from "@/lib/pricing/estimate";
import type { ModelPrice } from "@/lib/pricing/prices";
import { costOf } from "@/lib/pricing/prices";

export type StreamOutcome = "complete" | "aborted" | "error";

export type SettleMessageInput = {
  messageId: string;
  holdId: string;
  account: AccountRef;
  model: string;
  price: ModelPrice;
  outcome: StreamOutcome;
  text: string;
  /** The provider's usage, when it reported one. */
  usage?: { inputTokens?: number; outputTokens?: number };
  /** Prompt tokens counted before the call (the estimate's count), used when usage is missing. */
  promptTokens: number;
  /** The owner key of the stream slot this message holds, freed with the message's update. */
  slotOwnerKey?: string;
};

export type MessageSettlement = {
  ptCharged: bigint;
  ptAvailable: bigint;
  inputTokens: number;
  outputTokens: number;
  providerCostMicroUsd: bigint;
};

/** The tokens billed for a stream: provider usage first, counted text otherwise. */
export function billedTokens(input: Pick<SettleMessageInput, "text" | "usage" | "promptTokens">): {
  inputTokens: number;
  outputTokens: number;
} {
  if (input.text.length === 0) return { inputTokens: 0, outputTokens: 0 };
  return {
    inputTokens: input.usage?.inputTokens ?? input.promptTokens,
    // Counting is CPU on the request path: only when the provider reported no output usage.
    outputTokens: input.usage?.outputTokens ?? countTokens(input.text),
  };
}

export async function settleMessage(db: Db, input: SettleMessageInput): Promise<MessageSettlement> {
  const { inputTokens, outputTokens } = billedTokens(input);
  if (input.text.length === 0) {
    // Nothing reached the user: release the whole hold (idempotent on the hold).
    await releaseIfOpen(db, input.holdId);
    await recordMessage(db, input, {
      content: null,
      inputTokens: 0,
      outputTokens: 0,
      ptCharged: 0n,
      providerCostMicroUsd: 0n,
    });
    const balance = await getBalance(db, input.account);
    return {
      ptCharged: 0n,
      ptAvailable: balance.available,
      inputTokens,
      outputTokens,
      providerCostMicroUsd: 0n,
    };
  }
  const cost = costOf(input.price, { inputTokens, outputTokens });
  const settlement = await settle(db, {
    holdId: input.holdId,
    actual: cost.pt,
    metadata: {
      model: input.model,
      inputTokens,
      outputTokens,
      messageId: input.messageId,
      providerCostMicroUsd: cost.providerCostMicroUsd,
      outcome: input.outcome,
    },
  });
  await recordMessage(db, input, {
    content: input.text,
    inputTokens,
    outputTokens,
    ptCharged: settlement.charged,
    providerCostMicroUsd: cost.providerCostMicroUsd,
  });
  return {
    ptCharged: settlement.charged,
    ptAvailable: settlement.available,
    inputTokens,
    outputTokens,
    providerCostMicroUsd: cost.providerCostMicroUsd,
  };
}

/**
 * Moves the message out of "streaming" (once: a repeat matches no row) and, in the same statement,
 * frees the stream slot it held when the caller names its owner key.
 */
async function recordMessage(
  db: Db,
  input: SettleMessageInput,
  result: {
    content: string | null;
    inputTokens: number;
    outputTokens: number;
    ptCharged: bigint;
    providerCostMicroUsd: bigint;
  },
): Promise<void> {
  await db.$executeRaw`
    WITH m AS (
      UPDATE "Message" SET content = coalesce(${result.content}::text, content),
        status = ${input.outcome}::"MessageStatus", "inputTokens" = ${result.inputTokens}::int,
        "outputTokens" = ${result.outputTokens}::int, "ptCharged" = ${result.ptCharged}::bigint,
        "providerCostMicroUsd" = ${result.providerCostMicroUsd}::bigint, "settledAt" = ${new Date()}
      WHERE id = ${input.messageId}::uuid AND status = 'streaming')
    DELETE FROM "ChatStreamSlot"
    WHERE ${input.slotOwnerKey ?? null}::text IS NOT NULL AND "ownerKey" = ${input.slotOwnerKey ?? null}
      AND "messageId" = ${input.messageId}::uuid`;
}

async function releaseIfOpen(db: Db, holdId: string): Promise<void> {
  try {
    await release(db, { holdId });
  } catch (error) {
    // A hold that is already released or expired is fine; one that was settled is not ours to undo.
    if ((error as { code?: string }).code !== "conflict") throw error;
  }
}
