// Schemas of the team routes (app/api/teams/**). PT amounts arrive as whole numbers or decimal
// strings and leave as decimal strings (lib/http/respond.ts).
import { z } from "zod";
import { TEAM_ROLES } from "@/lib/teams/permissions";

export const Pt = z
  .union([z.string().regex(/^\d{1,15}$/, "A whole number of PT."), z.number().int().min(1).max(1e15)])
  .transform((v) => BigInt(v))
  .refine((v) => v >= 1n, "At least 1 PT.");

export const TeamName = z.string().trim().min(1, "Name the team.").max(80, "At most 80 characters.");

/** POST /api/teams */
export const CreateTeamRequest = z.object({ name: TeamName }).strict();
/** PATCH /api/teams/:id — the team's own daily cap (null removes it). */
export const UpdateTeamRequest = z.object({ dailyCapPt: Pt.nullable() }).strict();
export const TeamParams = z.object({ id: z.uuid() });

/** POST /api/teams/:id/invites */
export const CreateInviteRequest = z
  .object({ email: z.email("Enter an email address.").max(320), role: z.enum(TEAM_ROLES).exclude(["owner"]) })
  .strict();
export const InviteParams = z.object({ id: z.uuid(), inviteId: z.uuid() });

/** PATCH /api/teams/:id/members/:userId — caps (null: none) and/or role. */
export const UpdateMemberRequest = z
  .object({
    dailyCapPt: Pt.nullable().optional(),
    monthlyCapPt: Pt.nullable().optional(),
    role: z.enum(TEAM_ROLES).exclude(["owner"]).optional(),
  })
  .strict()
  .refine(
    (b) => b.dailyCapPt !== undefined || b.monthlyCapPt !== undefined || b.role !== undefined,
    "Nothing to change.",
  );
export const MemberParams = z.object({ id: z.uuid(), userId: z.uuid() });

/** POST /api/teams/:id/transfer */
export const TransferRequest = z.object({ userId: z.uuid() }).strict();

/** POST /api/teams/:id/fund (operator admins) */
export const FundRequest = z
  .object({
    amountPt: Pt,
    /** Idempotency key: the same key again credits nothing more. */
    key: z.string().trim().min(1).max(100),
    note: z.string().trim().max(500).optional(),
  })
  .strict();

/** /api/teams/invites/:token — the link's token (43 base64url characters). */
export const InviteTokenParams = z.object({ token: z.string().regex(/^[A-Za-z0-9_-]{43}$/) });

export const ShareParams = z.object({ id: z.uuid(), conversationId: z.uuid() });
