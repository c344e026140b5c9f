// The one SQL writer of outbox rows, for a cause that is itself one SQL statement (a settlement,
// a webhook effect applied at once): a CTE body that writes the rows in that statement, so the mail
// exists exactly when its cause commits. Every SQL caller goes through it (enqueueEmailSql is a
// wrapper), so category, dedupe and due time are decided here alone, the same way enqueueEmail
// decides them: the category is the template's own (lib/email/render.ts) unless the caller names
// another, ON CONFLICT on the dedupe key makes a repeat write nothing, and branding, unsubscribe
// headers and preferences are applied by the worker at send time from the row's category and user.
// The data is built by the caller's SQL, so nothing validates it before the insert: the caller's
// tests render the rows it writes, and the worker parses them again before sending.

import { Prisma } from "@/lib/generated/prisma/client";
import type { EmailCategory } from "./categories";
import { isEssentialCategory } from "./categories";
import { templateCategory } from "./render";
import type { EmailTemplate } from "./template-name";

/**
 * `mails`: a SELECT yielding one row per email with columns to_address (text), user_id (uuid or
 * NULL), dedupe_key (text), data (jsonb) and at (timestamptz: when it is due). A non-essential
 * mail needs a user to unsubscribe (enqueueEmail refuses one without): rows without are not written.
 */
export function emailOutboxSql(
  template: EmailTemplate,
  mails: Prisma.Sql,
  options: { category?: EmailCategory } = {},
): Prisma.Sql {
  const category = options.category ?? templateCategory(template);
  const needsUser = isEssentialCategory(category) ? Prisma.empty : Prisma.sql`WHERE m.user_id IS NOT NULL`;
  return Prisma.sql`
    INSERT INTO "EmailOutbox" (id, "to", template, category, data, "userId", "dedupeKey", "nextAttemptAt", "createdAt", "updatedAt")
    SELECT gen_random_uuid(), m.to_address, ${template}, ${category}, m.data, m.user_id, m.dedupe_key, m.at, m.at, m.at
    FROM (${mails}) m ${needsUser}
    ON CONFLICT ("dedupeKey") DO NOTHING`;
}
