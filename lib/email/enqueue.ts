// Puts one email in the outbox. The row is written with the caller's client, so inside a
// transaction the email exists exactly when the change it announces commits. Idempotent on
// dedupeKey: a second call with the same key returns the first row and writes nothing.
import { z } from "zod";
import type { DbClient } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import { kickOutbox } from "./kick";
import { renderEmail } from "./render";
import type { EmailTemplate } from "./template-name";

export type EnqueueEmailInput = {
  to: string;
  template: EmailTemplate;
  data: Record<string, unknown>;
  userId?: string;
  dedupeKey?: string;
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

export async function enqueueEmail(
  db: DbClient | Prisma.TransactionClient,
  input: EnqueueEmailInput,
): Promise<{ id: string; created: boolean }> {
  const to = Address.safeParse(input.to.trim());
  if (!to.success)
    throw new EmailDataError(input.template, [{ path: "to", message: "is not an email address" }]);
  if (input.dedupeKey !== undefined) DedupeKey.parse(input.dedupeKey);
  // JSON round trip first: what is stored (Dates become ISO strings) is exactly what gets rendered.
  const data = JSON.parse(JSON.stringify(input.data)) as Prisma.InputJsonObject;
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

  // ON CONFLICT DO NOTHING (not create + catch P2002): a unique violation would abort the
  // caller's transaction. A concurrent insert of the same key waits for the other to commit.
  const [row] = await db.emailOutbox.createManyAndReturn({
    data: [{ to: to.data, template: input.template, data, userId: input.userId, dedupeKey: input.dedupeKey }],
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
