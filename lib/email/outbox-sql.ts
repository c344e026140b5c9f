// enqueueEmail as SQL, for a cause that is itself one SQL statement (a settlement): a CTE body that
// writes the outbox rows in that statement, so the mail exists exactly when its cause commits.
// Idempotent on the dedupe key like enqueueEmail. Unlike enqueueEmail nothing validates the data
// before the insert: the caller's SQL must build what the template's schema accepts (its tests
// render the rows it writes), and the worker parses it again before sending. The category is the
// template's own (lib/email/render.ts), so the recipient's email preferences apply.
import { Prisma } from "@/lib/generated/prisma/client";
import { templateCategory } from "./render";
import type { EmailTemplate } from "./template-name";

/**
 * `mails`: a SELECT yielding one row per email with columns to_address (text), user_id (uuid or
 * NULL), dedupe_key (text), data (jsonb) and at (timestamptz: when it is due).
 */
export function emailOutboxSql(template: EmailTemplate, mails: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`
    INSERT INTO "EmailOutbox" (id, "to", template, category, data, "userId", "dedupeKey", "nextAttemptAt", "createdAt", "updatedAt")
    SELECT gen_random_uuid(), m.to_address, ${template}, ${templateCategory(template)}, m.data, m.user_id, m.dedupe_key, m.at, m.at, m.at
    FROM (${mails}) m
    ON CONFLICT ("dedupeKey") DO NOTHING`;
}
