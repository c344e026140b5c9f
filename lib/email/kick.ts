// In dev-mailbox mode nothing else runs the worker (cron arrives with issue 7), so enqueue kicks
// it in-process: mail shows up at /dev/mail at once, still through the one enqueue → worker path.
// Two runs because a row enqueued inside a transaction is invisible until the caller commits;
// whatever both miss, the /dev/mail page drains when it renders.
import type { DbClient } from "@/lib/db";
import { getDb, isClient } from "@/lib/db";
import { env } from "@/lib/env";
import type { Prisma } from "@/lib/generated/prisma/client";
import { logger } from "@/lib/logger";
import { processOutbox } from "./process-outbox";
import { emailProviderKind } from "./providers/select";

const KICK_DELAYS_MS = [50, 2_000];

export function kickOutbox(db: DbClient | Prisma.TransactionClient): void {
  // Tests drive the worker themselves; real providers wait for the cron worker.
  if (env().NODE_ENV === "test" || emailProviderKind() !== "dev") return;
  // A transaction client dies with its transaction: run on the full client (same database).
  const client = isClient(db) ? Promise.resolve(db) : getDb();
  for (const delay of KICK_DELAYS_MS) {
    const timer = setTimeout(() => {
      void client
        .then((c) => processOutbox(c))
        .catch((error: unknown) => logger.error({ err: error }, "dev mailbox outbox run failed"));
    }, delay);
    // Never keep a script (db:seed, a CLI) alive just for the kick.
    timer.unref();
  }
}
