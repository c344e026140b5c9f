// Per-user chat settings (its own table keyed by userId): the user's own daily PT cap, which can
// only lower the plan's cap, never raise it, and whether to keep conversation history.
import type { GuestPrincipal, UserPrincipal } from "@/lib/auth/principal-types";
import { hardStopRoom } from "@/lib/budgets/admission";
import { forgetChatAccess, loadChatAccess, spentToday } from "@/lib/chat/limits";
import { ownerOf } from "@/lib/chat/owner";
import { teamWorkspaceAccess, workspacePayer } from "@/lib/chat/workspace";
import type { Db } from "@/lib/db";
import { getBalance } from "@/lib/ledger/accounts";
import { teamPoolSummary } from "@/lib/teams/summary";

export async function setDailyPtCap(db: Db, userId: string, dailyPtCap: bigint | null): Promise<void> {
  await db.chatSettings.upsert({
    where: { userId },
    create: { userId, dailyPtCap },
    update: { dailyPtCap },
  });
  forgetChatAccess(userId);
}

/** "Keep history" (default on): off, the retention job erases conversation text after a day. */
export async function setKeepHistory(db: Db, userId: string, keepHistory: boolean): Promise<void> {
  await db.chatSettings.upsert({
    where: { userId },
    create: { userId, keepHistory },
    update: { keepHistory },
  });
}

export async function getKeepHistory(db: Db, userId: string): Promise<boolean> {
  const row = await db.chatSettings.findUnique({ where: { userId }, select: { keepHistory: true } });
  return row?.keepHistory ?? true;
}

export type ChatAccountSummary = {
  plan: string;
  isGuest: boolean;
  available: bigint;
  spentToday: bigint;
  /** The cap in force (the lower of the plan's and the user's own). */
  dailyPtCap: bigint;
  planDailyPtCap: bigint;
  userDailyPtCap: bigint | null;
  /** What a monthly budget with a hard stop still lets requests hold (null: no hard stop). */
  budgetLeftPt: bigint | null;
  requestsPerMinute: number;
  concurrentStreams: number;
  maxOutputTokens: number;
  /** In a team workspace: the team, whose pool `available` is; null in the personal one. */
  team: { id: string; name: string; dailyCapPt: bigint | null } | null;
};

/** Balance and throttles for the chat header: always-visible balance, caps and warnings. */
export async function chatAccountSummary(
  db: Db,
  principal: UserPrincipal | GuestPrincipal,
  teamId?: string,
): Promise<ChatAccountSummary> {
  if (teamId) return teamWorkspaceSummary(db, principal, teamId);
  const owner = ownerOf(principal);
  const access = await loadChatAccess(db, principal);
  const [balance, spent, budgetLeft] = await Promise.all([
    getBalance(db, owner),
    spentToday(db, owner),
    access.isGuest ? null : hardStopRoom(db, owner),
  ]);
  return {
    plan: access.plan,
    isGuest: access.isGuest,
    available: balance.available,
    spentToday: spent,
    dailyPtCap: access.dailyPtCap,
    planDailyPtCap: access.entitlements.dailyPtCap,
    userDailyPtCap: access.userDailyPtCap,
    budgetLeftPt: budgetLeft,
    requestsPerMinute: access.entitlements.requestsPerMinute,
    concurrentStreams: access.entitlements.concurrentStreams,
    maxOutputTokens: access.entitlements.maxOutputTokens,
    team: null,
  };
}

/** The same numbers in a team workspace: the pool, the member's spend today and the cap that binds. */
async function teamWorkspaceSummary(
  db: Db,
  principal: UserPrincipal | GuestPrincipal,
  teamId: string,
): Promise<ChatAccountSummary> {
  const payer = await workspacePayer(db, principal, teamId);
  const [pool, personal] = await Promise.all([
    teamPoolSummary(db, { teamId, userId: payer.memberId }),
    loadChatAccess(db, principal),
  ]);
  const access = teamWorkspaceAccess(personal);
  return {
    plan: access.plan,
    isGuest: false,
    available: pool.available,
    spentToday: pool.spentToday,
    dailyPtCap: pool.dailyCapPt ?? 0n,
    planDailyPtCap: 0n,
    userDailyPtCap: null,
    budgetLeftPt: null,
    requestsPerMinute: access.entitlements.requestsPerMinute,
    concurrentStreams: access.entitlements.concurrentStreams,
    maxOutputTokens: access.entitlements.maxOutputTokens,
    team: { id: teamId, name: pool.teamName, dailyCapPt: pool.dailyCapPt },
  };
}
