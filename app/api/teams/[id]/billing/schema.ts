// Schemas of the team billing routes (app/api/teams/:id/billing/**).
import { z } from "zod";
import { TEAM_PLAN } from "@/lib/entitlements";

/** POST /api/teams/:id/billing/checkout — the team plan with this many seats, or a top-up pack. */
export const TeamCheckoutRequest = z.union([
  z.strictObject({ seats: z.number().int().min(TEAM_PLAN.minSeats).max(TEAM_PLAN.maxSeats) }),
  z.strictObject({ packId: z.enum(["small", "medium", "large"]) }),
]);

export const TeamCheckoutResponse = z.object({
  url: z.url(),
  reused: z.boolean(),
  changed: z.boolean().optional(),
});

/** PATCH /api/teams/:id/billing — the billing email (null: back to the owner's). */
export const TeamBillingUpdate = z.strictObject({
  billingEmail: z.email("Enter an email address.").max(320).nullable(),
});
