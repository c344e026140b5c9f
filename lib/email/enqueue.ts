// Puts one email in the outbox. The row is written with the caller's client, so inside a
// transaction the email exists exactly when the change it announces commits. Idempotent on
// dedupeKey: a second call with the same key returns the first row and writes nothing.
import { z } from "zod";
import type { DbClient } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import { type EmailCategory, isEssentialCategory } from "./categories";
import { kickOutbox } from "./kick";
import { emailOutboxSql } from "./outbox-sql";
import { renderEmail, templateCategory } from "./render";
import type { EmailTemplate } from "./template-name";

export type EnqueueEmailInput = {
  to: string;
  template: EmailTemplate;
  data: Record<string, unknown>;
  userId?: string;
  dedupeKey?: string;
  /**
   * Overrides the template's category (lib/email/categories.ts): a non-essential one (usage,
   * billing, product) makes the mail skippable by its recipient and gives it List-Unsubscribe.
   */
  category?: EmailCategory;
};

/**
 * A caller passed data its template rejects. Deliberately not a ZodError/AppError: this is a bug
 * in our code, so it must surface as a 500 and a log line, never as a 422 about template fields.
 */
export class EmailDataError extends Error {
  constructor(
    readonly template: string,
    readonly issues: { path: string; message: string }[],
  ) {
    super(
      `Invalid data for email template "${template}": ${issues.map((i) => `${i.path || "(root)"} ${i.message}`).join("; ")}`,
    );
    this.name = "EmailDataError";
  }
}

// z.email() rejects CR/LF too, so an address can never smuggle extra SMTP headers.
const Address = z.email().max(320);
const DedupeKey = z.string().min(1).max(200);

/** The category and the stored (JSON round-tripped, render-checked) data of a mail, or EmailDataError. */
function checkedMail(input: Omit<EnqueueEmailInput, "to">): {
  category: EmailCategory;
  data: Prisma.InputJsonObject;
} {
  const category = input.category ?? templateCategory(input.template);
  // Only a mail with a user behind it can be unsubscribed from (the token names the user).
  if (!isEssentialCategory(category) && !input.userId)
    throw new EmailDataError(input.template, [
      { path: "userId", message: `is required for ${category} mail (its recipient may unsubscribe)` },
    ]);
  if (input.dedupeKey !== undefined) DedupeKey.parse(input.dedupeKey);
  // JSON round trip first: what is stored (Dates become ISO strings) is exactly what gets rendered.
  const data = JSON.parse(
    JSON.stringify(input.data, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v)),
  ) as Prisma.InputJsonObject;
  try {
    renderEmail(input.template, data);
  } catch (error) {
    if (error instanceof z.ZodError) {
      throw new EmailDataError(
        input.template,
        error.issues.map((i) => ({ path: i.path.map(String).join("."), message: i.message })),
      );
    }
    throw error;
  }
  return { category, data };
}

export async function enqueueEmail(
  db: DbClient | Prisma.TransactionClient,
  input: EnqueueEmailInput,
): Promise<{ id: string; created: boolean }> {
  const to = Address.safeParse(input.to.trim());
  if (!to.success)
    throw new EmailDataError(input.template, [{ path: "to", message: "is not an email address" }]);
  const { category, data } = checkedMail(input);

  // ON CONFLICT DO NOTHING (not create + catch P2002): a unique violation would abort the
  // caller's transaction. A concurrent insert of the same key waits for the other to commit.
  const [row] = await db.emailOutbox.createManyAndReturn({
    data: [
      {
        to: to.data,
        template: input.template,
        category,
        data,
        userId: input.userId,
        dedupeKey: input.dedupeKey,
      },
    ],
    skipDuplicates: true,
    select: { id: true },
  });
  if (row) {
    kickOutbox(db);
    return { id: row.id, created: true };
  }
  const existing = await db.emailOutbox.findUniqueOrThrow({
    where: { dedupeKey: input.dedupeKey },
    select: { id: true },
  });
  return { id: existing.id, created: false };
}

/**
 * enqueueEmail for one user as a CTE of a caller's single SQL statement (a webhook effect applied in
 * one statement): to the user's current address, with the user's name merged into the data, only
 * when `when` (a SQL condition over the caller's CTEs) holds. The data is checked here exactly as
 * enqueueEmail checks it; the row itself is written by emailOutboxSql, the one SQL writer. Call
 * kickOutbox after commit.
 */
export function enqueueEmailSql(input: {
  cte: string;
  userIdSql: Prisma.Sql;
  when: Prisma.Sql;
  template: EmailTemplate;
  data: Record<string, unknown>;
  dedupeKey: string;
  category?: EmailCategory;
}): Prisma.Sql {
  const { category, data } = checkedMail({ ...input, userId: "(sql)" });
  if (!/^[a-z_]+$/.test(input.cte)) throw new Error(`bad CTE name: ${input.cte}`);
  const mails = Prisma.sql`
    SELECT u.email AS to_address, u.id AS user_id, ${input.dedupeKey}::text AS dedupe_key, now() AS at,
           ${JSON.stringify(data)}::jsonb || jsonb_build_object('name', u.name) AS data
    FROM "User" u WHERE u.id = ${input.userIdSql}::uuid AND u.status <> 'deleted' AND (${input.when})`;
  return Prisma.sql`${Prisma.raw(input.cte)} AS (${emailOutboxSql(input.template, mails, { category })} RETURNING id)`;
}
