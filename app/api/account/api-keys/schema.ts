import { z } from "zod";
import { API_SCOPES } from "@/lib/api/keys";

const Pt = z
  .union([z.string().regex(/^\d{1,15}$/, "A whole number of PT."), z.number().int().min(1).max(1e15)])
  .transform((v) => BigInt(v))
  .refine((v) => v >= 1n, "At least 1 PT.");

const Limits = {
  expiresAt: z.iso
    .datetime({ offset: true })
    .transform((s) => new Date(s))
    .nullish(),
  scopes: z.array(z.enum(API_SCOPES)).min(1).max(API_SCOPES.length).optional(),
  models: z
    .array(
      z
        .string()
        .min(1)
        .max(100)
        .regex(/^[\w.:/-]+$/),
    )
    .max(50)
    .optional(),
  budgetPt: Pt.nullish(),
  monthlyBudgetPt: Pt.nullish(),
  requestsPerMinute: z.number().int().min(1).max(10_000).nullish(),
  concurrentRequests: z.number().int().min(1).max(100).nullish(),
  logBodies: z.boolean().optional(),
};

const Name = z.string().trim().min(1, "Name the key.").max(100);

/** POST /api/account/api-keys */
export const CreateApiKeyRequest = z
  .object({
    name: Name,
    ...Limits,
    /** Made in a team workspace: the team's pool pays, within the creator's member caps. */
    teamId: z.uuid().optional(),
  })
  .strict();
/** PATCH /api/account/api-keys/:id (revocation is DELETE). */
export const UpdateApiKeyRequest = z.object({ name: Name.optional(), ...Limits }).strict();
export const ApiKeyParams = z.object({ id: z.uuid() });

export const ApiKeyView = z.object({
  id: z.string(),
  teamId: z.string().nullable(),
  name: z.string(),
  prefix: z.string(),
  lastFour: z.string(),
  scopes: z.array(z.string()),
  models: z.array(z.string()),
  budgetPt: z.bigint().nullable(),
  monthlyBudgetPt: z.bigint().nullable(),
  requestsPerMinute: z.number().nullable(),
  concurrentRequests: z.number().nullable(),
  logBodies: z.boolean(),
  expiresAt: z.date().nullable(),
  revokedAt: z.date().nullable(),
  lastUsedAt: z.date().nullable(),
  lastUsedIp: z.string().nullable(),
  spentPt: z.bigint(),
  reservedPt: z.bigint(),
  monthSpentPt: z.bigint(),
  monthKey: z.string(),
  createdAt: z.date(),
});
export const ApiKeyListResponse = z.object({ keys: z.array(ApiKeyView) });
/** The secret appears in this answer only. */
export const CreateApiKeyResponse = z.object({ key: ApiKeyView, secret: z.string() });
export const ApiKeyResponse = z.object({ key: ApiKeyView });
