// What each team role may do: ONE typed table, read only through can() / assertCan(), like the
// plan entitlements (lib/entitlements.ts). Every team service function asks it after loading the
// caller's membership (lib/teams/membership.ts), so a route cannot forget a check.

export const TEAM_ROLES = ["owner", "admin", "member", "viewer"] as const;
export type TeamRole = (typeof TEAM_ROLES)[number];

export const TEAM_PERMISSIONS = [
  /** See the team, its members and its pool. */
  "view",
  /** Read conversations shared with the team. */
  "read_shared",
  /** Chat and call the API from the pool; make team API keys; share own conversations. */
  "spend",
  /** Invite, resend and revoke invitations; remove members below them; set member and team caps. */
  "manage_members",
  /** Make someone an admin (or take it away). */
  "manage_admins",
  /** Hand ownership over; rename the team. */
  "own",
  /** Buy the team plan, change seats, buy top-ups, set auto top-up and the billing email. */
  "billing",
] as const;
export type TeamPermission = (typeof TEAM_PERMISSIONS)[number];

export const ROLE_PERMISSIONS: Readonly<Record<TeamRole, readonly TeamPermission[]>> = {
  owner: ["view", "read_shared", "spend", "manage_members", "manage_admins", "own", "billing"],
  admin: ["view", "read_shared", "spend", "manage_members", "billing"],
  member: ["view", "read_shared", "spend"],
  viewer: ["view", "read_shared"],
};

/** Higher ranks manage lower ones: an admin may remove a member or a viewer, never an owner. */
const RANK: Readonly<Record<TeamRole, number>> = { owner: 3, admin: 2, member: 1, viewer: 0 };

export function isTeamRole(value: unknown): value is TeamRole {
  return typeof value === "string" && (TEAM_ROLES as readonly string[]).includes(value);
}

export function can(role: TeamRole, permission: TeamPermission): boolean {
  return ROLE_PERMISSIONS[role].includes(permission);
}

/** Whether `actor` may act on a member holding `target` (remove, change caps, change role). */
export function outranks(actor: TeamRole, target: TeamRole): boolean {
  return RANK[actor] > RANK[target] || actor === "owner";
}

/** Roles an actor may hand out by invitation or role change: owners any, admins member and viewer. */
export function assignableRoles(actor: TeamRole): TeamRole[] {
  if (can(actor, "manage_admins")) return ["admin", "member", "viewer"];
  if (can(actor, "manage_members")) return ["member", "viewer"];
  return [];
}
