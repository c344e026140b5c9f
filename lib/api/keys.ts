// API keys of a user: create (the secret is answered once and only its hash stored), list, edit,
// revoke. Every create and revoke is audited and mailed to the owner in the transaction of the
// change. Per-key limits may narrow the owner's plan, never widen it; every query is scoped by
// the owner, so another user's key id is simply not found.
import { writeAudit } from "@/lib/admin/audit";
import { notifyKeyChange } from "@/lib/api/key-notices";
import type { KeyPrefix } from "@/lib/api/secrets";
import { generateSecret, hashSecret } from "@/lib/api/secrets";
import { isTestMode } from "@/lib/billing/catalog";
import type { Db, DbClient } from "@/lib/db";
import type { PlanId } from "@/lib/entitlements";
import { entitlementsFor, isPlanId } from "@/lib/entitlements";
import { AppError } from "@/lib/errors";
import { TEAM_WORKSPACE_PLAN, teamPayer } from "@/lib/teams/workspace";

export const API_SCOPES = ["chat", "usage:read"] as const;
export type ApiScope = (typeof API_SCOPES)[number];
export const MAX_KEYS_PER_USER = 50;

export type KeyLimits = {
  expiresAt?: Date | null;
  scopes?: ApiScope[];
  models?: string[];
  budgetPt?: bigint | null;
  monthlyBudgetPt?: bigint | null;
  requestsPerMinute?: number | null;
  concurrentRequests?: number | null;
  logBodies?: boolean;
};
export type CreateKeyInput = KeyLimits & { name: string; teamId?: string };
export type UpdateKeyInput = KeyLimits & { name?: string };

const KEY_VIEW = {
  id: true,
  teamId: true,
  name: true,
  prefix: true,
  lastFour: true,
  scopes: true,
  models: true,
  budgetPt: true,
  monthlyBudgetPt: true,
  requestsPerMinute: true,
  concurrentRequests: true,
  logBodies: true,
  expiresAt: true,
  revokedAt: true,
  lastUsedAt: true,
  lastUsedIp: true,
  spentPt: true,
  reservedPt: true,
  monthSpentPt: true,
  monthKey: true,
  createdAt: true,
} as const;

export type ApiKeyView = {
  id: string;
  /** The team whose pool pays (a key made in a team workspace), or null: its creator's account. */
  teamId: string | null;
  name: string;
  prefix: string;
  lastFour: string;
  scopes: string[];
  models: string[];
  budgetPt: bigint | null;
  monthlyBudgetPt: bigint | null;
  requestsPerMinute: number | null;
  concurrentRequests: number | null;
  logBodies: boolean;
  expiresAt: Date | null;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
  lastUsedIp: string | null;
  spentPt: bigint;
  reservedPt: bigint;
  monthSpentPt: bigint;
  monthKey: string;
  createdAt: Date;
};

type Actor = { userId: string; requestId?: string };

async function planOf(db: Db, userId: string): Promise<PlanId> {
  const user = await db.user.findUnique({ where: { id: userId }, select: { plan: true } });
  if (!user) throw new AppError("unauthorized");
  return isPlanId(user.plan) ? user.plan : "free";
}

/** Per-key limits above the plan's are refused, with the plan's value in the message. */
function assertWithinPlan(plan: PlanId, limits: KeyLimits): void {
  const ent = entitlementsFor(plan);
  const issues: { path: string; message: string }[] = [];
  if (limits.requestsPerMinute != null && limits.requestsPerMinute > ent.requestsPerMinute)
    issues.push({ path: "requestsPerMinute", message: `Your plan allows at most ${ent.requestsPerMinute}.` });
  if (limits.concurrentRequests != null && limits.concurrentRequests > ent.concurrentStreams)
    issues.push({
      path: "concurrentRequests",
      message: `Your plan allows at most ${ent.concurrentStreams}.`,
    });
  if (issues.length) throw new AppError("validation_failed", "A limit is above your plan's.", issues);
}

export function keyPrefix(): KeyPrefix {
  return isTestMode() ? "lc_test_" : "lc_live_";
}

export async function listKeys(db: Db, userId: string): Promise<ApiKeyView[]> {
  return db.apiKey.findMany({
    where: { userId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    select: KEY_VIEW,
  });
}

/** Creates a key and answers it with its secret, which is never readable again. */
export async function createKey(
  db: DbClient,
  actor: Actor,
  input: CreateKeyInput,
): Promise<{ key: ApiKeyView; secret: string }> {
  // A team key: its creator must be a member who may spend; the team workspace's plan bounds it.
  if (input.teamId) await teamPayer(db, { teamId: input.teamId, userId: actor.userId });
  assertWithinPlan(input.teamId ? TEAM_WORKSPACE_PLAN : await planOf(db, actor.userId), input);
  if (input.expiresAt && input.expiresAt.getTime() <= Date.now())
    throw new AppError("validation_failed", undefined, [
      { path: "expiresAt", message: "Pick a future date." },
    ]);
  const prefix = keyPrefix();
  const secret = generateSecret(prefix);
  return db.$transaction(async (tx) => {
    const count = await tx.apiKey.count({ where: { userId: actor.userId, revokedAt: null } });
    if (count >= MAX_KEYS_PER_USER)
      throw new AppError("conflict", `At most ${MAX_KEYS_PER_USER} active keys; revoke one first.`);
    const key = await tx.apiKey.create({
      data: {
        userId: actor.userId,
        teamId: input.teamId ?? null,
        name: input.name,
        prefix,
        lastFour: secret.slice(-4),
        secretHash: hashSecret(secret),
        scopes: input.scopes ?? ["chat", "usage:read"],
        models: input.models ?? [],
        budgetPt: input.budgetPt ?? null,
        monthlyBudgetPt: input.monthlyBudgetPt ?? null,
        requestsPerMinute: input.requestsPerMinute ?? null,
        concurrentRequests: input.concurrentRequests ?? null,
        logBodies: input.logBodies ?? false,
        expiresAt: input.expiresAt ?? null,
      },
      select: KEY_VIEW,
    });
    await writeAudit(tx, actor, {
      action: "api_key.create",
      targetType: "ApiKey",
      targetId: key.id,
      after: key,
    });
    await notifyKeyChange(tx, { userId: actor.userId, key, change: "created" });
    return { key, secret };
  });
}

export async function updateKey(
  db: DbClient,
  actor: Actor,
  id: string,
  input: UpdateKeyInput,
): Promise<ApiKeyView> {
  assertWithinPlan(await planOf(db, actor.userId), input);
  return db.$transaction(async (tx) => {
    const before = await tx.apiKey.findFirst({ where: { id, userId: actor.userId }, select: KEY_VIEW });
    if (!before) throw new AppError("not_found", "No such API key.");
    if (before.revokedAt) throw new AppError("conflict", "This key is revoked and cannot be changed.");
    const { count } = await tx.apiKey.updateMany({
      where: { id, userId: actor.userId, revokedAt: null },
      data: {
        name: input.name,
        scopes: input.scopes,
        models: input.models,
        budgetPt: input.budgetPt,
        monthlyBudgetPt: input.monthlyBudgetPt,
        requestsPerMinute: input.requestsPerMinute,
        concurrentRequests: input.concurrentRequests,
        logBodies: input.logBodies,
        expiresAt: input.expiresAt,
      },
    });
    if (count === 0) throw new AppError("conflict", "This key is revoked and cannot be changed.");
    const after = await tx.apiKey.findFirstOrThrow({ where: { id, userId: actor.userId }, select: KEY_VIEW });
    await writeAudit(tx, actor, {
      action: "api_key.update",
      targetType: "ApiKey",
      targetId: id,
      before,
      after,
    });
    return after;
  });
}

/** Revokes a key: the next request with it is refused. Revoking it again changes nothing. */
export async function revokeKey(db: DbClient, actor: Actor, id: string): Promise<ApiKeyView> {
  return db.$transaction(async (tx) => {
    const { count } = await tx.apiKey.updateMany({
      where: { id, userId: actor.userId, revokedAt: null },
      data: { revokedAt: new Date() },
    });
    const key = await tx.apiKey.findFirst({ where: { id, userId: actor.userId }, select: KEY_VIEW });
    if (!key) throw new AppError("not_found", "No such API key.");
    if (count === 1) {
      await writeAudit(tx, actor, {
        action: "api_key.revoke",
        targetType: "ApiKey",
        targetId: id,
        after: key,
      });
      await notifyKeyChange(tx, { userId: actor.userId, key, change: "revoked" });
    }
    return key;
  });
}
