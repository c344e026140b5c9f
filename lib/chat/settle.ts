// Settles one assistant message: on finish, client abort or provider error. The charge is the
// price table applied to the provider's usage, or, when the provider reported none (aborts, some
// servers), to tokens counted from the streamed text; the usage is billed per dimension (cached
// input, cache writes, reasoning: lib/pricing/charge.ts) and recorded per dimension on the message
// and in the ledger's usage metadata. Nothing produced → the hold is released and
// nothing is charged. Idempotent on the message id: the ledger settles a hold once, and the
// message row moves out of "streaming" once, so a retried settle can never bill twice.
import type { Db } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import { getBalance } from "@/lib/ledger/accounts";
import type { AccountRef } from "@/lib/ledger/common";
import { release } from "@/lib/ledger/holds";
import { settle } from "@/lib/ledger/settle";
import { releaseSlotSql } from "@/lib/metering/stream-slots";
import { countTokens } from "@/lib/pricing/estimate";
import type { ModelPrice } from "@/lib/pricing/prices";
import { costOf } from "@/lib/pricing/prices";
import type { ReportedUsage, TokenUsage } from "@/lib/pricing/usage";

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
  usage?: ReportedUsage;
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
  /** What was billed, per dimension. */
  usage: TokenUsage;
};

/**
 * The usage billed for a stream: the provider's usage first, counted otherwise (the prompt as
 * counted for the estimate, the streamed text). A count replaces a missing total together with its
 * parts: an unreported total has no parts to trust.
 */
export function billedTokens(input: Pick<SettleMessageInput, "text" | "usage" | "promptTokens">): TokenUsage {
  if (input.text.length === 0) return { inputTokens: 0, outputTokens: 0 };
  const u = input.usage ?? {};
  const reportedInput = u.inputTokens !== undefined;
  const reportedOutput = u.outputTokens !== undefined;
  const usage: TokenUsage = {
    inputTokens: u.inputTokens ?? input.promptTokens,
    // Counting is CPU on the request path: only when the provider reported no output usage.
    outputTokens: u.outputTokens ?? countTokens(input.text),
  };
  if (reportedInput) {
    if (u.cachedInputTokens) usage.cachedInputTokens = u.cachedInputTokens;
    if (u.cacheWrite5mTokens) usage.cacheWrite5mTokens = u.cacheWrite5mTokens;
    if (u.cacheWrite1hTokens) usage.cacheWrite1hTokens = u.cacheWrite1hTokens;
  }
  if (reportedOutput && u.reasoningTokens) usage.reasoningTokens = u.reasoningTokens;
  if (u.webSearchCalls) usage.webSearchCalls = u.webSearchCalls;
  if (u.codeInterpreterCalls) usage.codeInterpreterCalls = u.codeInterpreterCalls;
  return usage;
}

/** The per-dimension counts stored on the message (and an API request) and in the usage transaction's metadata. */
export function dimensions(u: TokenUsage) {
  return {
    cachedInputTokens: u.cachedInputTokens ?? 0,
    cacheWrite5mTokens: u.cacheWrite5mTokens ?? 0,
    cacheWrite1hTokens: u.cacheWrite1hTokens ?? 0,
    reasoningTokens: u.reasoningTokens ?? 0,
    webSearchCalls: u.webSearchCalls ?? 0,
    codeInterpreterCalls: u.codeInterpreterCalls ?? 0,
  };
}

export async function settleMessage(db: Db, input: SettleMessageInput): Promise<MessageSettlement> {
  const usage = billedTokens(input);
  const { inputTokens, outputTokens } = usage;
  if (input.text.length === 0) {
    // Nothing reached the user: release the whole hold (idempotent on the hold).
    await releaseIfOpen(db, input.holdId);
    await recordMessage(db, input, {
      content: null,
      usage,
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
      usage,
    };
  }
  const cost = costOf(input.price, usage);
  const recorded = {
    content: input.text,
    usage,
    providerCostMicroUsd: cost.providerCostMicroUsd,
  };
  // One statement: the ledger settles the hold, and with it the message is recorded with what the
  // ledger charged (only when this statement settled the hold) and its stream slot is freed.
  const settlement = await settle(db, {
    holdId: input.holdId,
    actual: cost.pt,
    metadata: {
      model: input.model,
      inputTokens,
      outputTokens,
      ...dimensions(usage),
      messageId: input.messageId,
      providerCostMicroUsd: cost.providerCostMicroUsd,
      outcome: input.outcome,
    },
    alongside: Prisma.sql`
      settled_message AS (${messageUpdateSql(
        input,
        { ...recorded, ptCharged: Prisma.sql`(SELECT charged FROM settled)` },
        Prisma.sql`AND EXISTS (SELECT 1 FROM settled)`,
      )})${input.slotOwnerKey ? Prisma.sql`, freed_slot AS (${releaseSlotSql({ ownerKey: input.slotOwnerKey, messageId: input.messageId })})` : Prisma.empty}`,
  });
  // A repeat (the hold was settled before): the message reflects that settlement (a no-op when
  // the first call recorded it already).
  if (!settlement.created) await recordMessage(db, input, { ...recorded, ptCharged: settlement.charged });
  return {
    ptCharged: settlement.charged,
    ptAvailable: settlement.available,
    inputTokens,
    outputTokens,
    providerCostMicroUsd: cost.providerCostMicroUsd,
    usage,
  };
}

type Recorded = {
  content: string | null;
  usage: TokenUsage;
  ptCharged: bigint | Prisma.Sql;
  providerCostMicroUsd: bigint;
};

/** Moves the message out of "streaming", once: a repeat matches no row. */
function messageUpdateSql(
  input: SettleMessageInput,
  r: Recorded,
  gate: Prisma.Sql = Prisma.empty,
): Prisma.Sql {
  const charged = typeof r.ptCharged === "bigint" ? Prisma.sql`${r.ptCharged}::bigint` : r.ptCharged;
  const d = dimensions(r.usage);
  return Prisma.sql`
    UPDATE "Message" SET content = coalesce(${r.content}::text, content),
      status = ${input.outcome}::"MessageStatus", "inputTokens" = ${r.usage.inputTokens}::int,
      "outputTokens" = ${r.usage.outputTokens}::int, "cachedInputTokens" = ${d.cachedInputTokens}::int,
      "cacheWrite5mTokens" = ${d.cacheWrite5mTokens}::int, "cacheWrite1hTokens" = ${d.cacheWrite1hTokens}::int,
      "reasoningTokens" = ${d.reasoningTokens}::int, "webSearchCalls" = ${d.webSearchCalls}::int,
      "codeInterpreterCalls" = ${d.codeInterpreterCalls}::int, "ptCharged" = ${charged},
      "providerCostMicroUsd" = ${r.providerCostMicroUsd}::bigint, "settledAt" = ${new Date()}
    WHERE id = ${input.messageId}::uuid AND status = 'streaming' ${gate}`;
}

/** Records the message and, when the caller named it, frees its slot, in one statement. */
async function recordMessage(db: Db, input: SettleMessageInput, r: Recorded): Promise<void> {
  if (!input.slotOwnerKey) {
    await db.$executeRaw(messageUpdateSql(input, r));
    return;
  }
  await db.$executeRaw`
    WITH m AS (${messageUpdateSql(input, r)}) ${releaseSlotSql({ ownerKey: input.slotOwnerKey, messageId: input.messageId })}`;
}

async function releaseIfOpen(db: Db, holdId: string): Promise<void> {
  try {
    await release(db, { holdId });
  } catch (error) {
    // A hold that is already released or expired is fine; one that was settled is not ours to undo.
    if ((error as { code?: string }).code !== "conflict") throw error;
  }
}
