// Shared setup of the team tests: teams with members made directly (the invitation flow has its
// own tests), the pool funded through the operator's grant, and requests as a given user.
import { randomUUID } from "node:crypto";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { TeamRole } from "@/lib/teams/permissions";
import { fundTeam } from "@/lib/teams/pool";
import { createTeam } from "@/lib/teams/teams";
import { createUser } from "@/tests/chat/helpers";

export const TEST_USER_HEADER = "x-test-user";

/** A team owned by a new user, with `members` more users of the given roles. */
export async function makeTeam(
  p: PrismaClient,
  roles: TeamRole[] = [],
): Promise<{ teamId: string; ownerId: string; memberIds: string[] }> {
  const ownerId = await createUser(p, { plan: "free" });
  const team = await createTeam(p, { userId: ownerId, name: "Acme" });
  const memberIds: string[] = [];
  for (const role of roles) {
    const userId = await createUser(p, { plan: "free" });
    await p.teamMember.create({ data: { teamId: team.id, userId, role } });
    memberIds.push(userId);
  }
  return { teamId: team.id, ownerId, memberIds };
}

export async function fund(
  p: PrismaClient,
  teamId: string,
  amountPt: bigint,
  adminId: string,
): Promise<void> {
  await fundTeam(p, { userId: adminId }, { teamId, amountPt, key: randomUUID() });
}

/** A request to a route as `userId` (the tests' resolveUser mock reads the header). */
export function asUser(
  userId: string | null,
  url: string,
  init: { method?: string; body?: unknown } = {},
): Request {
  const headers: Record<string, string> = { "content-type": "application/json", origin: "http://localhost" };
  if (userId) headers[TEST_USER_HEADER] = userId;
  return new Request(`http://localhost${url}`, {
    method: init.method ?? (init.body === undefined ? "GET" : "POST"),
    headers,
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
}
