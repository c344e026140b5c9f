// PATCH /api/teams/:id/members/:userId — a member's daily and monthly PT caps and role (owners and
// admins, on members they outrank); DELETE — remove the member (yourself: leave).
import { MemberParams, UpdateMemberRequest } from "@/app/api/teams/schema";
import { otherMethods } from "@/lib/http/methods";
import { withUser } from "@/lib/http/wrappers";
import { removeMember, updateMember } from "@/lib/teams/teams";

export const PATCH = withUser(
  { params: MemberParams, body: UpdateMemberRequest, flag: "teams" },
  async ({ principal, params, body, db }) => ({
    member: await updateMember(db, {
      teamId: params.id,
      userId: principal.userId,
      memberId: params.userId,
      ...body,
    }),
  }),
);

export const DELETE = withUser({ params: MemberParams, flag: "teams" }, async ({ principal, params, db }) =>
  removeMember(db, { teamId: params.id, userId: principal.userId, memberId: params.userId }),
);

export const { GET, HEAD, POST, PUT, OPTIONS } = otherMethods({ PATCH, DELETE });
