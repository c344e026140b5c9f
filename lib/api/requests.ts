// The record of /v1 requests, as their owner and admins read it: per key, model, tokens, PT reserved
// and charged, status and duration, sorted, filtered and paged on the server (the admin lists'
// list-query helpers). An owner's list is scoped by its userId in the query itself, so another
// user's key id in the filter finds nothing. Request bodies are never listed.
import type { z } from "zod";
import { filterEnum, filterText, filterUuid, listQuery, pageOf, paging } from "@/lib/admin/list-query";
import type { Db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";

export const API_REQUEST_STATUSES = [
  "streaming",
  "complete",
  "aborted",
  "error",
  "expired",
  "refused",
] as const;

const filters = {
  keyId: filterUuid,
  status: filterEnum(API_REQUEST_STATUSES),
  model: filterText(100),
};

/** GET /api/account/api-requests and the owner's list on /account/api-keys. */
export const ApiRequestsListQuery = listQuery({
  sorts: ["createdAt", "ptCharged", "durationMs", "model"],
  defaultSort: "createdAt",
  defaultDir: "desc",
  filters,
});
/** GET /api/admin/api-requests and /admin/api-requests: every user's, filterable by user. */
export const AdminApiRequestsListQuery = listQuery({
  sorts: ["createdAt", "ptCharged", "durationMs", "model"],
  defaultSort: "createdAt",
  defaultDir: "desc",
  filters: { ...filters, userId: filterUuid },
});
const NULLABLE = new Set(["ptCharged", "durationMs"]);

export type ApiRequestsList = z.output<typeof ApiRequestsListQuery> & { userId?: string };

export type ApiRequestRow = {
  id: string;
  keyId: string;
  keyName: string;
  keyPrefix: string;
  keyLastFour: string;
  userId: string;
  /** Null for a refusal before the body was read. */
  model: string | null;
  stream: boolean;
  status: (typeof API_REQUEST_STATUSES)[number];
  inputTokens: number | null;
  outputTokens: number | null;
  cachedInputTokens: number | null;
  reasoningTokens: number | null;
  ptReserved: bigint;
  ptCharged: bigint | null;
  durationMs: number | null;
  httpStatus: number | null;
  errorCode: string | null;
  createdAt: Date;
  settledAt: Date | null;
};

/** One page of request records; `userId` (always set for an owner) scopes them to that user. */
export async function listApiRequests(db: Db, query: ApiRequestsList) {
  const where: Prisma.ApiRequestWhereInput = {
    ...(query.userId ? { userId: query.userId } : {}),
    ...(query.keyId ? { keyId: query.keyId } : {}),
    ...(query.status ? { status: query.status } : {}),
    ...(query.model ? { model: query.model } : {}),
  };
  const [rows, total] = await Promise.all([
    db.apiRequest.findMany({
      where,
      orderBy: [
        // Unsettled requests have no charge or duration yet: they sort last either way.
        { [query.sort]: NULLABLE.has(query.sort) ? { sort: query.dir, nulls: "last" } : query.dir },
        { id: query.dir },
      ],
      ...paging(query),
      select: {
        id: true,
        keyId: true,
        userId: true,
        model: true,
        stream: true,
        status: true,
        inputTokens: true,
        outputTokens: true,
        cachedInputTokens: true,
        reasoningTokens: true,
        ptReserved: true,
        ptCharged: true,
        durationMs: true,
        httpStatus: true,
        errorCode: true,
        createdAt: true,
        settledAt: true,
      },
    }),
    db.apiRequest.count({ where }),
  ]);
  const keyIds = [...new Set(rows.map((r) => r.keyId))];
  const keys = await db.apiKey.findMany({
    where: { id: { in: keyIds } },
    select: { id: true, name: true, prefix: true, lastFour: true },
  });
  const byId = new Map(keys.map((k) => [k.id, k]));
  const items: ApiRequestRow[] = rows.map((r) => {
    const key = byId.get(r.keyId);
    return { ...r, keyName: key?.name ?? "", keyPrefix: key?.prefix ?? "", keyLastFour: key?.lastFour ?? "" };
  });
  return pageOf(query, items, total);
}
