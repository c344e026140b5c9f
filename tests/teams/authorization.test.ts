// The team routes' authorization matrix, on a real database: every team route × every kind of
// caller (owner, admin, member, viewer, a member of another team, an outsider, anonymous) → the
// expected status. Each cell runs against a fresh team (the mutating routes change it), so a cell's
// answer depends on the caller's role alone. Outsiders and members of other teams get 404 (a team
// they are not in does not exist for them); members whose role lacks the permission get 403.
// A sweep over app/api/teams checks that every implemented method is in the matrix; and with the
// teams flag off every route answers 404.
import { randomUUID } from "node:crypto";
import { readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { resetEnvForTests } from "@/lib/env";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { isMethodFallback } from "@/lib/http/methods";
import { forgetFlags } from "@/lib/settings/flags";
import { createInvite } from "@/lib/teams/invites";
import { createUser } from "@/tests/chat/helpers";
import { createTestDatabase, type TestDatabase } from "@/tests/helpers/db";
import { asUser, makeTeam } from "./helpers";

const state = vi.hoisted(() => ({ prisma: null as unknown, admins: new Set<string>() }));
vi.mock("@/lib/auth/principal", () => ({
  resolveUser: async (request: Request) => {
    const userId = request.headers.get("x-test-user");
    if (!userId) return null;
    const admin = state.admins.has(userId);
    return {
      kind: "user",
      userId,
      role: admin ? "ADMIN" : "USER",
      status: "active",
      twoFactorEnabled: admin,
      emailVerified: true,
    };
  },
  resolveGuest: async () => null,
}));
vi.mock("@/lib/db", async (importOriginal) => ({
  ...(await importOriginal<object>()),
  getDb: async () => state.prisma,
}));

type Role = "owner" | "admin" | "member" | "viewer" | "other_team" | "outsider" | "anonymous";
const ROLES: Role[] = ["owner", "admin", "member", "viewer", "other_team", "outsider", "anonymous"];

type World = {
  teamId: string;
  users: Record<Exclude<Role, "anonymous">, string>;
  /** A second plain member, the target of caps and removal. */
  targetId: string;
  inviteId: string;
  inviteToken: string;
  inviteeId: string;
  /** A conversation the member made in the team and shared. */
  conversationId: string;
};

type Case = {
  route: string;
  method: string;
  path: (w: World) => string;
  body?: (w: World) => unknown;
  /** Status per caller; the invitation routes use `invitee` instead of roles. */
  expect: Record<Role, number>;
};

const members = (
  ok: number,
  deny = 403,
): Pick<Record<Role, number>, "owner" | "admin" | "member" | "viewer"> => ({
  owner: ok,
  admin: ok,
  member: deny,
  viewer: deny,
});
const outside = { other_team: 404, outsider: 404, anonymous: 401 };
const everyMember = (ok: number) => ({ owner: ok, admin: ok, member: ok, viewer: ok, ...outside });

const CASES: Case[] = [
  {
    route: "/api/teams",
    method: "GET",
    path: () => "/api/teams",
    expect: { ...everyMember(200), other_team: 200, outsider: 200 },
  },
  {
    route: "/api/teams",
    method: "POST",
    path: () => "/api/teams",
    body: () => ({ name: "New team" }),
    expect: { ...everyMember(201), other_team: 201, outsider: 201 },
  },
  {
    route: "/api/teams/[id]",
    method: "GET",
    path: (w) => `/api/teams/${w.teamId}`,
    expect: everyMember(200),
  },
  {
    route: "/api/teams/[id]",
    method: "PATCH",
    path: (w) => `/api/teams/${w.teamId}`,
    body: () => ({ dailyCapPt: "100000" }),
    expect: { ...members(200), ...outside },
  },
  {
    route: "/api/teams/[id]/invites",
    method: "POST",
    path: (w) => `/api/teams/${w.teamId}/invites`,
    body: () => ({ email: `new-${randomUUID()}@test.local`, role: "member" }),
    expect: { ...members(201), ...outside },
  },
  {
    route: "/api/teams/[id]/invites/[inviteId]",
    method: "DELETE",
    path: (w) => `/api/teams/${w.teamId}/invites/${w.inviteId}`,
    expect: { ...members(200), ...outside },
  },
  {
    route: "/api/teams/[id]/invites/[inviteId]/resend",
    method: "POST",
    path: (w) => `/api/teams/${w.teamId}/invites/${w.inviteId}/resend`,
    expect: { ...members(200), ...outside },
  },
  {
    route: "/api/teams/[id]/members/[userId]",
    method: "PATCH",
    path: (w) => `/api/teams/${w.teamId}/members/${w.targetId}`,
    body: () => ({ dailyCapPt: "5000", monthlyCapPt: 90000 }),
    expect: { ...members(200), ...outside },
  },
  {
    route: "/api/teams/[id]/members/[userId]",
    method: "DELETE",
    path: (w) => `/api/teams/${w.teamId}/members/${w.targetId}`,
    expect: { ...members(200), ...outside },
  },
  {
    route: "/api/teams/[id]/leave",
    method: "POST",
    path: (w) => `/api/teams/${w.teamId}/leave`,
    // The last owner cannot leave (409); everyone else may.
    expect: { owner: 409, admin: 200, member: 200, viewer: 200, ...outside },
  },
  {
    route: "/api/teams/[id]/transfer",
    method: "POST",
    path: (w) => `/api/teams/${w.teamId}/transfer`,
    body: (w) => ({ userId: w.targetId }),
    expect: { owner: 200, admin: 403, member: 403, viewer: 403, ...outside },
  },
  {
    route: "/api/teams/[id]/fund",
    method: "POST",
    path: (w) => `/api/teams/${w.teamId}/fund`,
    body: () => ({ amountPt: "1000", key: randomUUID() }),
    // Operator admins only (withAdmin): team owners are not operators.
    expect: {
      owner: 403,
      admin: 403,
      member: 403,
      viewer: 403,
      other_team: 403,
      outsider: 403,
      anonymous: 401,
    },
  },
  {
    route: "/api/teams/[id]/shared",
    method: "GET",
    path: (w) => `/api/teams/${w.teamId}/shared`,
    expect: everyMember(200),
  },
  {
    route: "/api/teams/[id]/shared/[conversationId]",
    method: "GET",
    path: (w) => `/api/teams/${w.teamId}/shared/${w.conversationId}`,
    expect: everyMember(200),
  },
  {
    route: "/api/teams/[id]/shared/[conversationId]",
    method: "PUT",
    path: (w) => `/api/teams/${w.teamId}/shared/${w.conversationId}`,
    // Only its author (the member) may share it; owners and admins do not see another's private one.
    expect: { owner: 404, admin: 404, member: 200, viewer: 403, ...outside },
  },
  {
    route: "/api/teams/[id]/shared/[conversationId]",
    method: "DELETE",
    path: (w) => `/api/teams/${w.teamId}/shared/${w.conversationId}`,
    expect: { owner: 404, admin: 404, member: 200, viewer: 403, ...outside },
  },
  {
    route: "/api/teams/[id]/billing",
    method: "GET",
    path: (w) => `/api/teams/${w.teamId}/billing`,
    // The "billing" permission: owners and admins.
    expect: { ...members(200), ...outside },
  },
  {
    route: "/api/teams/[id]/billing",
    method: "PATCH",
    path: (w) => `/api/teams/${w.teamId}/billing`,
    body: () => ({ billingEmail: "accounts@test.local" }),
    expect: { ...members(200), ...outside },
  },
  {
    route: "/api/teams/[id]/billing/checkout",
    method: "POST",
    path: (w) => `/api/teams/${w.teamId}/billing/checkout`,
    body: () => ({ packId: "small" }),
    expect: { ...members(200), ...outside },
  },
  {
    route: "/api/teams/[id]/billing/checkout",
    method: "POST",
    path: (w) => `/api/teams/${w.teamId}/billing/checkout`,
    body: () => ({ seats: 3 }),
    expect: { ...members(200), ...outside },
  },
  {
    route: "/api/teams/[id]/billing/auto-topup",
    method: "GET",
    path: (w) => `/api/teams/${w.teamId}/billing/auto-topup`,
    expect: { ...members(200), ...outside },
  },
  {
    route: "/api/teams/[id]/billing/auto-topup",
    method: "PUT",
    path: (w) => `/api/teams/${w.teamId}/billing/auto-topup`,
    // Off needs no card: saving it is the permission check alone.
    body: () => ({ enabled: false, thresholdPt: "10000", pack: "small", maxPerDay: 2 }),
    expect: { ...members(200), ...outside },
  },
  {
    route: "/api/teams/[id]/billing/low-balance",
    method: "GET",
    path: (w) => `/api/teams/${w.teamId}/billing/low-balance`,
    expect: { ...members(200), ...outside },
  },
  {
    route: "/api/teams/[id]/billing/low-balance",
    method: "PUT",
    path: (w) => `/api/teams/${w.teamId}/billing/low-balance`,
    body: () => ({ thresholdPt: "10000" }),
    expect: { ...members(200), ...outside },
  },
  {
    route: "/api/teams/[id]/usage",
    method: "GET",
    path: (w) => `/api/teams/${w.teamId}/usage`,
    expect: { ...members(200), ...outside },
  },
  {
    route: "/api/teams/[id]/ledger.csv",
    method: "GET",
    path: (w) => `/api/teams/${w.teamId}/ledger.csv`,
    expect: { ...members(200), ...outside },
  },
];

// The invitation link's routes: only the invited address (signed in) gets through.
const INVITE_CASES = [
  { route: "/api/teams/invites/[token]", method: "GET", suffix: "" },
  { route: "/api/teams/invites/[token]/accept", method: "POST", suffix: "/accept" },
  { route: "/api/teams/invites/[token]/decline", method: "POST", suffix: "/decline" },
];

type Handler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;
const ROOT = join(process.cwd(), "app/api/teams");

function routeFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return routeFiles(path);
    return name === "route.ts" ? [path] : [];
  });
}

const routeOf = (file: string) =>
  `/api/teams/${relative(ROOT, file).replace(/\/?route\.ts$/, "")}`.replace(/\/$/, "");
const modules = new Map<string, Record<string, unknown>>();
for (const file of routeFiles(ROOT))
  modules.set(routeOf(file), (await import(file)) as Record<string, unknown>);

/** Path params of a concrete path under a route pattern ("/api/teams/[id]" + "/api/teams/abc"). */
function paramsOf(route: string, path: string): Record<string, string> {
  const names = route.split("/");
  const values = path.split("/");
  const params: Record<string, string> = {};
  names.forEach((n, i) => {
    const m = /^\[(\w+)\]$/.exec(n);
    if (m?.[1]) params[m[1]] = values[i] ?? "";
  });
  return params;
}

async function call(route: string, method: string, path: string, userId: string | null, body?: unknown) {
  const handler = modules.get(route)?.[method] as Handler | undefined;
  if (!handler) throw new Error(`no ${method} ${route}`);
  return handler(asUser(userId, path, { method, body: body ?? (method === "GET" ? undefined : {}) }), {
    params: Promise.resolve(paramsOf(route, path)),
  });
}

describe("team routes: authorization matrix", () => {
  let db: TestDatabase;
  let p: PrismaClient;

  beforeAll(async () => {
    db = await createTestDatabase();
    p = db.prisma;
    state.prisma = p;
  });
  afterAll(async () => {
    await db.cleanup();
  });

  async function world(): Promise<World> {
    const { teamId, ownerId, memberIds } = await makeTeam(p, ["admin", "member", "viewer", "member"]);
    const [adminId, memberId, viewerId, targetId] = memberIds as [string, string, string, string];
    const other = await makeTeam(p, ["member"]);
    const outsider = await createUser(p);
    const inviteeId = await createUser(p);
    const invitee = await p.user.findUniqueOrThrow({ where: { id: inviteeId }, select: { email: true } });
    const invite = await createInvite(p, { teamId, userId: ownerId, email: invitee.email, role: "member" });
    const mail = await p.emailOutbox.findFirstOrThrow({
      where: { template: "team-invite", to: invitee.email },
      orderBy: { createdAt: "desc" },
    });
    const inviteToken = String((mail.data as { url: string }).url)
      .split("/")
      .at(-1) as string;
    const conversation = await p.conversation.create({
      data: { userId: memberId, teamId, title: "Shared", model: "demo", sharedAt: new Date() },
    });
    return {
      teamId,
      users: {
        owner: ownerId,
        admin: adminId,
        member: memberId,
        viewer: viewerId,
        other_team: other.memberIds[0] as string,
        outsider,
      },
      targetId,
      inviteId: invite.id,
      inviteToken,
      inviteeId,
      conversationId: conversation.id,
    };
  }

  it("covers every implemented method of every team route", () => {
    const covered = new Set([
      ...CASES.map((c) => `${c.method} ${c.route}`),
      ...INVITE_CASES.map((c) => `${c.method} ${c.route}`),
    ]);
    const implemented: string[] = [];
    for (const [route, mod] of modules)
      for (const method of ["GET", "POST", "PUT", "PATCH", "DELETE"]) {
        const handler = mod[method];
        if (typeof handler === "function" && !isMethodFallback(handler))
          implemented.push(`${method} ${route}`);
      }
    expect(implemented.sort()).toEqual([...covered].sort());
  });

  it.each(CASES.flatMap((c) => ROLES.map((role) => [`${c.method} ${c.route} as ${role}`, c, role] as const)))(
    "%s",
    async (_name, c, role) => {
      const w = await world();
      const userId = role === "anonymous" ? null : w.users[role];
      const response = await call(c.route, c.method, c.path(w), userId, c.body?.(w));
      // The message is the body (JSON, or the CSV of the ledger download).
      expect(response.status, await response.clone().text()).toBe(c.expect[role]);
    },
  );

  it.each(INVITE_CASES.map((c) => [`${c.method} ${c.route}`, c] as const))(
    "%s: the invitee only; members, outsiders 404; anonymous 401",
    async (_name, c) => {
      const w = await world();
      const path = `/api/teams/invites/${w.inviteToken}${c.suffix}`;
      for (const role of ROLES) {
        const userId = role === "anonymous" ? null : w.users[role];
        expect((await call(c.route, c.method, path, userId)).status).toBe(role === "anonymous" ? 401 : 404);
      }
      expect((await call(c.route, c.method, path, w.inviteeId)).status).toBe(200);
    },
  );

  it("an operator admin funds the pool (idempotent on its key)", async () => {
    const w = await world();
    const adminId = await createUser(p);
    state.admins.add(adminId);
    const body = { amountPt: "5000", key: "grant-1" };
    const first = await call("/api/teams/[id]/fund", "POST", `/api/teams/${w.teamId}/fund`, adminId, body);
    expect(first.status).toBe(200);
    expect(await first.json()).toMatchObject({ created: true, available: "5000" });
    const again = await call("/api/teams/[id]/fund", "POST", `/api/teams/${w.teamId}/fund`, adminId, body);
    expect(await again.json()).toMatchObject({ created: false, available: "5000" });
    const missing = await call(
      "/api/teams/[id]/fund",
      "POST",
      `/api/teams/${randomUUID()}/fund`,
      adminId,
      body,
    );
    expect(missing.status).toBe(404);
  });

  it("with the teams flag off every team route answers 404, whoever asks", async () => {
    const w = await world();
    process.env.FEATURE_FLAGS = "teams=off";
    resetEnvForTests();
    forgetFlags();
    try {
      for (const c of CASES) {
        const response = await call(c.route, c.method, c.path(w), w.users.owner, c.body?.(w));
        expect(response.status, `${c.method} ${c.route}`).toBe(404);
      }
    } finally {
      delete process.env.FEATURE_FLAGS;
      resetEnvForTests();
      forgetFlags();
    }
  });
});
