// GET /v1/models and GET /v1/usage for an API key: the models this key may use (the owner's plan,
// narrowed by the key's list) with their PT prices, and the key's and the account's spend over a
// UTC month by day and model. The key's figures come from its request records; the account's from
// the ledger (usageForMonth), so they reconcile with the statement. The account is the one the key
// pays from: a team-owned key's is the team's pool (never its maker's personal balance).
import type { ApiKeyPrincipal } from "@/lib/api/principal";
import { keyOwner } from "@/lib/api/principal";
import { loadChatAccess } from "@/lib/chat/limits";
import { listModels } from "@/lib/chat/models";
import type { Db } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import { getBalance } from "@/lib/ledger/accounts";
import { usageForMonth } from "@/lib/ledger/usage-summary";
import { monthRange } from "@/lib/periods";
import { tierRates } from "@/lib/pricing/charge";
import { currentPrices } from "@/lib/pricing/prices";
import { teamAccount } from "@/lib/teams/admission-gate";

export async function modelsForKey(db: Db, principal: ApiKeyPrincipal) {
  const access = await loadChatAccess(db, keyOwner(principal.userId));
  const [listed, current] = await Promise.all([listModels(db, access), currentPrices(db)]);
  const prices = new Map(current.map((p) => [p.model, p]));
  const models = listed.filter(
    (m) => !m.locked && (principal.models.length === 0 || principal.models.includes(m.id)),
  );
  return {
    object: "list" as const,
    data: models.map((m) => {
      const price = prices.get(m.id);
      // Every dimension a request is billed in, at its base-tier rate (lib/pricing/charge.ts).
      const r = price ? tierRates(price, "ptPerM", "base") : null;
      const pt = (v: bigint | undefined, fallback: string) => (v === undefined ? fallback : v.toString());
      return {
        id: m.id,
        object: "model" as const,
        created: 0,
        owned_by: m.provider,
        pricing: {
          pt_per_m_input: m.ptPerMInput,
          pt_per_m_output: m.ptPerMOutput,
          pt_per_m_cached_input: pt(r?.CachedInput, m.ptPerMInput),
          pt_per_m_cache_write_5m: pt(r?.CacheWrite5m, m.ptPerMInput),
          pt_per_m_cache_write_1h: pt(r?.CacheWrite1h, m.ptPerMInput),
          pt_per_m_reasoning: pt(r?.Reasoning, m.ptPerMOutput),
        },
      };
    }),
  };
}

type KeyRow = {
  day: string;
  model: string | null;
  requests: number;
  pt: bigint;
  input: bigint;
  output: bigint;
};

export async function usageForKey(db: Db, principal: ApiKeyPrincipal, month: string) {
  const range = monthRange(month);
  const payer = principal.teamId
    ? teamAccount(principal.teamId)
    : ({ kind: "user", userId: principal.userId } as const);
  const [rows, account, balance] = await Promise.all([
    db.$queryRaw<KeyRow[]>(Prisma.sql`
      SELECT to_char("createdAt" AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day, model, count(*)::int AS requests,
             coalesce(sum("ptCharged"), 0)::bigint AS pt, coalesce(sum("inputTokens"), 0)::bigint AS input,
             coalesce(sum("outputTokens"), 0)::bigint AS output
      FROM "ApiRequest"
      WHERE "keyId" = ${principal.keyId}::uuid AND "createdAt" >= ${range.from} AND "createdAt" < ${range.to}
        AND status <> 'refused'
      GROUP BY 1, 2 ORDER BY 1, 2`),
    usageForMonth(db, { account: payer, month }),
    getBalance(db, payer),
  ]);
  const keyTotal = rows.reduce((sum, r) => sum + r.pt, 0n);
  return {
    object: "usage" as const,
    month,
    key: {
      id: principal.keyId,
      total_pt: keyTotal.toString(),
      requests: rows.reduce((n, r) => n + r.requests, 0),
      by_day_and_model: rows.map((r) => ({
        day: r.day,
        model: r.model ?? "",
        requests: r.requests,
        pt: r.pt.toString(),
        input_tokens: Number(r.input),
        output_tokens: Number(r.output),
      })),
    },
    account: {
      type: payer.kind,
      team_id: principal.teamId,
      available_pt: balance.available.toString(),
      total_pt: account.totalPt.toString(),
      by_day: account.byDay.map((d) => ({ day: d.day, pt: d.pt.toString(), requests: d.messages })),
      by_model: account.byModel.map((m) => ({
        model: m.model,
        pt: m.pt.toString(),
        requests: m.messages,
        input_tokens: m.inputTokens,
        output_tokens: m.outputTokens,
      })),
      by_day_and_model: account.lines.map((l) => ({
        day: l.day,
        model: l.model,
        requests: l.messages,
        pt: l.pt.toString(),
        input_tokens: l.inputTokens,
        output_tokens: l.outputTokens,
      })),
    },
  };
}
