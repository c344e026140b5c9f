// Settles one /v1 request exactly once, whatever ended it (finish, client abort, provider error):
// the ledger's settle (lib/ledger/settle.ts) posts the price table applied to the usage (at most
// the hold; 0 when nothing was produced) and, in the same statement, moves the key's counters
// from reserved to spent, records the request and frees its concurrency slot. A repeat settles
// nothing: the ledger settles a hold once and the request row leaves "streaming" once.

import { billedTokens, dimensions } from "@/lib/chat/settle";
import type { Db } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import { settle } from "@/lib/ledger/settle";
import { releaseSlotSql } from "@/lib/metering/stream-slots";
import { utcMonth } from "@/lib/periods";
import type { ModelPrice } from "@/lib/pricing/prices";
import { costOf } from "@/lib/pricing/prices";
import type { ReportedUsage } from "@/lib/pricing/usage";

export type ApiOutcome = "complete" | "aborted" | "error";

export type SettleApiInput = {
  requestId: string;
  keyId: string;
  holdId: string;
  holdAmount: bigint;
  slotKeys: string[];
  model: string;
  price: ModelPrice;
  outcome: ApiOutcome;
  text: string;
  usage?: ReportedUsage;
  promptTokens: number;
  startedAt: number;
  /** What the client was answered: 200 once a stream started, 503 for a failed non-streamed call. */
  httpStatus?: number;
};

export type ApiSettlement = {
  ptCharged: bigint;
  ptAvailable: bigint;
  inputTokens: number;
  outputTokens: number;
};

export async function settleApiRequest(db: Db, input: SettleApiInput): Promise<ApiSettlement> {
  // Billed per dimension as a chat turn is (cached input, cache writes, reasoning at their own rates).
  const usage = billedTokens(input);
  const { inputTokens, outputTokens } = usage;
  const d = dimensions(usage);
  const cost = input.text.length === 0 ? { pt: 0n, providerCostMicroUsd: 0n } : costOf(input.price, usage);
  const now = new Date();
  const month = utcMonth(now);
  const durationMs = Math.max(0, Math.round(performance.now() - input.startedAt));
  const settlement = await settle(db, {
    holdId: input.holdId,
    actual: cost.pt,
    metadata: {
      model: input.model,
      inputTokens,
      outputTokens,
      ...d,
      apiRequestId: input.requestId,
      keyId: input.keyId,
      providerCostMicroUsd: cost.providerCostMicroUsd,
      outcome: input.outcome,
    },
    alongside: Prisma.sql`
      key_settled AS (
        UPDATE "ApiKey" k SET "spentPt" = k."spentPt" + s.charged,
          "reservedPt" = k."reservedPt" - ${input.holdAmount}::bigint,
          "monthSpentPt" = (CASE WHEN k."monthKey" = ${month} THEN k."monthSpentPt" ELSE 0 END) + s.charged,
          "monthKey" = ${month}
        FROM settled s WHERE k.id = ${input.keyId}::uuid),
      request_settled AS (
        UPDATE "ApiRequest" SET status = ${input.outcome}::"ApiRequestStatus",
          "ptCharged" = (SELECT charged FROM settled), "inputTokens" = ${inputTokens}::int,
          "outputTokens" = ${outputTokens}::int, "cachedInputTokens" = ${d.cachedInputTokens}::int,
          "cacheWrite5mTokens" = ${d.cacheWrite5mTokens}::int, "cacheWrite1hTokens" = ${d.cacheWrite1hTokens}::int,
          "reasoningTokens" = ${d.reasoningTokens}::int, "webSearchCalls" = ${d.webSearchCalls}::int,
          "codeInterpreterCalls" = ${d.codeInterpreterCalls}::int,
          "providerCostMicroUsd" = ${cost.providerCostMicroUsd}::bigint, "httpStatus" = ${input.httpStatus ?? 200}::int,
          "durationMs" = ${durationMs}::int, "settledAt" = ${now}::timestamptz
        WHERE id = ${input.requestId}::uuid AND status = 'streaming' AND EXISTS (SELECT 1 FROM settled)),
      ${Prisma.join(
        input.slotKeys.map(
          (ownerKey, i) =>
            Prisma.sql`${Prisma.raw(`freed_slot_${i}`)} AS (${releaseSlotSql({ ownerKey, messageId: input.requestId })})`,
        ),
        ", ",
      )}`,
  });
  return { ptCharged: settlement.charged, ptAvailable: settlement.available, inputTokens, outputTokens };
}
