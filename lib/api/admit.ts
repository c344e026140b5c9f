// Admission of one /v1 request, on the same metered admission as a chat turn (lib/metering/admit.ts):
// entitlement (plan tier, verified owner, not frozen; the key's scope and model list) and the
// worst-case estimate first, then ONE statement that takes one of the key's concurrency slots,
// checks the account's daily PT cap (chat and API spend alike), places the ledger hold (the balance
// checked under the owner's account row lock) and, alongside, moves the key's budget counters
// (checked on the key row, locked after the account row, so the check sees every earlier admission
// of the key) and records the request. A hold the key's budget cannot cover aborts the whole
// statement: 20 concurrent requests on a key whose budget covers 5 serve 5.

import type { ModelMessage } from "ai";
import { missingScope, pausedKey } from "@/lib/api/authenticate";
import type { ApiKeyPrincipal } from "@/lib/api/principal";
import { keyOwner } from "@/lib/api/principal";
import { isPaidModel, modelTier } from "@/lib/chat/admit";
import type { CatalogEntry } from "@/lib/chat/catalog";
import { assertModelAllowed, loadChatAccess } from "@/lib/chat/limits";
import { ownerKey } from "@/lib/chat/owner";
import { teamWorkspaceAccess } from "@/lib/chat/workspace";
import type { Db } from "@/lib/db";
import { AppError, isAppError } from "@/lib/errors";
import { Prisma } from "@/lib/generated/prisma/client";
import { errorText, pgErrorCode, RAISED } from "@/lib/ledger/common";
import type { Hold } from "@/lib/ledger/holds";
import { admitMetered } from "@/lib/metering/admit";
import { utcMonth } from "@/lib/periods";
import { estimate } from "@/lib/pricing/estimate";
import type { ModelPrice } from "@/lib/pricing/prices";
import { getCurrentPrice } from "@/lib/pricing/prices";
import { teamAccount, teamHoldMetadata } from "@/lib/teams/admission-gate";
import { teamPayer } from "@/lib/teams/workspace";

export const API_HOLD_TTL_SECONDS = 600;
const KEY_REFUSED = "api key budget or state refused the hold";

export type ApiAdmitInput = {
  principal: ApiKeyPrincipal;
  entry: CatalogEntry;
  messages: ModelMessage[];
  maxOutputTokens?: number;
  requestId: string;
  stream: boolean;
  body?: unknown;
  at: Date;
};

export type ApiAdmission = {
  price: ModelPrice;
  hold: Hold;
  promptTokens: number;
  maxOutputTokens: number;
  /** The concurrency slots the request holds (the account's, and its key's when it has its own limit). */
  slotKeys: string[];
};

/** Model entitlement for a key: the key's own list, then the owner's plan (tier, email, freeze). */
async function entitle(db: Db, input: ApiAdmitInput) {
  const { principal, entry } = input;
  if (principal.models.length > 0 && !principal.models.includes(entry.id)) throw modelNotAllowed(entry.id);
  // The owner's plan and caps through the chat path's 5 s cache (authentication just read them);
  // money does not depend on it: the hold reads the balance and the frozen flag live.
  const [personal, price, team] = await Promise.all([
    loadChatAccess(db, keyOwner(principal.userId), { cached: true }),
    getCurrentPrice(db, { model: entry.id, at: input.at }),
    // A team key: its creator must still be a member who may spend (404 / 403 otherwise).
    principal.teamId ? teamPayer(db, { teamId: principal.teamId, userId: principal.userId }) : undefined,
  ]);
  const access = team ? teamWorkspaceAccess(personal) : personal;
  assertModelAllowed(access, { id: entry.id, tier: modelTier(entry, price), paid: isPaidModel(price) });
  return { access, price, team };
}

export async function admitApiRequest(db: Db, input: ApiAdmitInput): Promise<ApiAdmission> {
  const { principal, requestId } = input;
  const { access, price, team } = await entitle(db, input);
  const maxOutputTokens = Math.min(
    input.maxOutputTokens ?? access.entitlements.maxOutputTokens,
    access.entitlements.maxOutputTokens,
  );
  const worst = await estimate(db, {
    model: input.entry.id,
    messages: input.messages.map((m) => ({ role: m.role, content: String(m.content) })),
    maxOutputTokens,
    at: input.at,
    price,
  });
  // The account's pool of concurrent streams is chat's own (one plan limit for both surfaces); a key
  // with a lower limit of its own also takes one of its key's slots.
  const planLimit = access.entitlements.concurrentStreams;
  const keyLimit = principal.concurrentRequests ?? planLimit;
  const accountSlots = ownerKey({ kind: "user", userId: principal.userId });
  const keySlots = keyLimit < planLimit ? `k:${principal.keyId}` : null;
  const amount = worst.pt;
  const month = utcMonth(input.at);
  const body = input.body === undefined ? null : JSON.stringify(input.body);
  try {
    const { hold } = await admitMetered(db, {
      reservation: {
        account: team ? teamAccount(team.teamId) : { kind: "user", userId: principal.userId },
        amount,
        key: `api:${requestId}`,
        ttlSeconds: API_HOLD_TTL_SECONDS,
        metadata: {
          apiRequestId: requestId,
          keyId: principal.keyId,
          model: input.entry.id,
          ...(team ? teamHoldMetadata(team) : {}),
        },
      },
      slot: { ownerKey: accountSlots, limit: planLimit, requestId },
      subSlot: keySlots ? { ownerKey: keySlots, limit: keyLimit } : undefined,
      dailyPtCap: access.dailyPtCap,
      at: input.at,
      team,
      // Runs after `placed` (it reads it), so the key row is locked after the account row, as in
      // settlement: no deadlock, and under the account lock the key row holds every earlier claim.
      // Everything that can narrow a key (revocation, pause, expiry, scope, model list, budgets) is
      // re-checked here on the row's newest version, so no earlier read of the key can outlive a change.
      alongside: Prisma.sql`
      key_claim AS (
        UPDATE "ApiKey" k SET "reservedPt" = k."reservedPt" + ${amount}::bigint
        WHERE k.id = ${principal.keyId}::uuid AND EXISTS (SELECT 1 FROM placed)
          AND k."revokedAt" IS NULL AND k."pausedAt" IS NULL
          AND 'chat' = ANY(k.scopes) AND (cardinality(k.models) = 0 OR ${input.entry.id} = ANY(k.models))
          AND (k."expiresAt" IS NULL OR k."expiresAt" > ${input.at}::timestamptz)
          AND (k."budgetPt" IS NULL OR k."spentPt" + k."reservedPt" + ${amount}::bigint <= k."budgetPt")
          AND (k."monthlyBudgetPt" IS NULL OR (CASE WHEN k."monthKey" = ${month} THEN k."monthSpentPt" ELSE 0 END)
               + k."reservedPt" + ${amount}::bigint <= k."monthlyBudgetPt")
        RETURNING k.id),
      api_request AS (
        INSERT INTO "ApiRequest" (id, "keyId", "userId", "teamId", model, stream, status, "holdId", "ptReserved", "requestBody", "createdAt")
        SELECT ${requestId}::uuid, ${principal.keyId}::uuid, ${principal.userId}::uuid, ${team?.teamId ?? null}::uuid,
               ${input.entry.id}, ${input.stream},
               'streaming', placed.id, placed.amount, ${body}::jsonb, ${input.at}::timestamptz
        FROM placed, key_claim RETURNING id),
      key_gate AS (
        SELECT CASE WHEN EXISTS (SELECT 1 FROM placed) AND NOT EXISTS (SELECT 1 FROM api_request)
          THEN ledger_fail(${KEY_REFUSED}) ELSE 1::bigint END AS ok)`,
      columns: Prisma.sql`(SELECT ok FROM key_gate) AS "keyOk"`,
      busy: concurrentRequests,
      duplicate: () => new AppError("conflict", "This request id was already used."),
    });
    const slotKeys = keySlots ? [accountSlots, keySlots] : [accountSlots];
    return { price, hold, promptTokens: worst.inputTokens, maxOutputTokens, slotKeys };
  } catch (error) {
    // The key's budget or state refused a hold its account could pay: the statement rolled back.
    if (pgErrorCode(error) === RAISED && errorText(error).includes(KEY_REFUSED))
      throw await keyRefusal(db, input);
    // Every slot busy: the statement placed no hold, so it never reached the key's checks. A key that
    // may not be used at all says so (401/403/404) rather than "try again in a second".
    if (
      isAppError(error) &&
      (error.details as { reason?: string } | undefined)?.reason === "concurrent_requests"
    )
      throw keyDenial(await readKey(db, input), input) ?? error;
    throw error;
  }
}

function readKey(db: Db, input: ApiAdmitInput) {
  return db.apiKey.findUnique({
    where: { id: input.principal.keyId },
    select: {
      revokedAt: true,
      pausedAt: true,
      expiresAt: true,
      scopes: true,
      models: true,
      budgetPt: true,
      monthlyBudgetPt: true,
      spentPt: true,
      reservedPt: true,
    },
  });
}

/** Why the key may not be used at all now (revoked or expired, paused, out of scope, model), or null. */
function keyDenial(key: Awaited<ReturnType<typeof readKey>>, input: ApiAdmitInput): AppError | null {
  if (!key || key.revokedAt || (key.expiresAt && key.expiresAt <= input.at))
    return new AppError("unauthorized", "This API key was revoked.", { reason: "invalid_api_key" });
  if (key.pausedAt) return pausedKey();
  if (!key.scopes.includes("chat")) return missingScope("chat");
  if (key.models.length > 0 && !key.models.includes(input.entry.id)) return modelNotAllowed(input.entry.id);
  return null;
}

/** Why the key refused a hold its account could pay: revoked or expired (401), paused or out of scope (403), model (404), or its budget (402). */
async function keyRefusal(db: Db, input: ApiAdmitInput): Promise<AppError> {
  const key = await readKey(db, input);
  const denial = keyDenial(key, input);
  if (denial || !key) return denial ?? new AppError("unauthorized", "This API key was revoked.");
  return new AppError("pt_exhausted", "This request would exceed the API key's PT budget.", {
    reason: "key_budget",
    budgetPt: key.budgetPt,
    monthlyBudgetPt: key.monthlyBudgetPt,
    spentPt: key.spentPt,
    reservedPt: key.reservedPt,
  });
}

function modelNotAllowed(model: string): AppError {
  return new AppError("not_found", `The model \`${model}\` does not exist or this key may not use it.`, {
    reason: "model_not_found",
  });
}

function concurrentRequests(limit: number, pool: "main" | "sub"): AppError {
  const n = `${limit} ${limit === 1 ? "request" : "requests"}`;
  return new AppError(
    "rate_limited",
    pool === "sub"
      ? `This key may run ${n} at a time.`
      : `This account's plan allows ${n} at a time, chat and API together.`,
    { reason: "concurrent_requests", limit, scope: pool === "sub" ? "key" : "account", retryAfter: 1 },
    { "Retry-After": "1" },
  );
}
