import { z } from "zod";
import { API_REQUEST_STATUSES, ApiRequestsListQuery } from "@/lib/api/requests";

// The list query lives with the service (the /account/api-keys page validates its searchParams with it too).
export const ApiRequestsQuery = ApiRequestsListQuery;

const Pt = z.string().regex(/^\d+$/);
const count = z.number().int().min(0).nullable();

/** One request record as the owner reads it (no request body, ever). */
export const ApiRequestRecord = z.object({
  id: z.uuid(),
  keyId: z.uuid(),
  keyName: z.string(),
  keyPrefix: z.string(),
  keyLastFour: z.string(),
  /** Null for a refusal answered before the body was read (authentication, the key's rate limit). */
  model: z.string().nullable(),
  stream: z.boolean(),
  status: z.enum(API_REQUEST_STATUSES),
  inputTokens: count,
  outputTokens: count,
  cachedInputTokens: count,
  reasoningTokens: count,
  ptReserved: Pt,
  ptCharged: Pt.nullable(),
  durationMs: count,
  /** The HTTP status answered; for a refusal with OpenAI's error code. */
  httpStatus: z.number().int().nullable(),
  errorCode: z.string().nullable(),
  createdAt: z.iso.datetime(),
  settledAt: z.iso.datetime().nullable(),
});

export const ApiRequestsResponse = z.object({
  items: z.array(ApiRequestRecord),
  total: z.number().int().min(0),
  page: z.number().int().min(1),
  size: z.number().int().min(1),
  pages: z.number().int().min(1),
  sort: z.string(),
  dir: z.enum(["asc", "desc"]),
});
export type ApiRequestsResponse = z.infer<typeof ApiRequestsResponse>;
