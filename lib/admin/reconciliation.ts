// Reconciliation runs (from the nightly job) and their issues, for the admin console.
import type { Db } from "@/lib/db";
import { AppError } from "@/lib/errors";

export async function listRuns(db: Db, filter: { withErrors?: boolean; cursor?: string; limit?: number }) {
  const limit = Math.min(filter.limit ?? 30, 100);
  const rows = await db.reconciliationRun.findMany({
    where: filter.withErrors ? { errors: { gt: 0 } } : {},
    orderBy: [{ startedAt: "desc" }, { id: "desc" }],
    take: limit + 1,
    ...(filter.cursor ? { cursor: { id: filter.cursor }, skip: 1 } : {}),
    select: {
      id: true,
      day: true,
      startedAt: true,
      finishedAt: true,
      errors: true,
      warnings: true,
      infos: true,
      healed: true,
    },
  });
  const items = rows.slice(0, limit);
  return { items, nextCursor: rows.length > limit ? (items.at(-1)?.id ?? null) : null };
}

export async function runWithIssues(db: Db, id: string, severity?: "error" | "warning" | "info") {
  if (!/^[0-9a-f-]{36}$/i.test(id)) throw new AppError("not_found", "No such run.");
  const run = await db.reconciliationRun.findUnique({
    where: { id },
    include: {
      issues: {
        where: severity ? { severity } : {},
        orderBy: [{ severity: "asc" }, { createdAt: "asc" }],
        take: 500,
      },
    },
  });
  if (!run) throw new AppError("not_found", "No such run.");
  return run;
}
