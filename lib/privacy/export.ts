// The data export: a zip of export.json (everything stored about the user, lib/privacy/collect.ts),
// ledger.csv and payments.csv (spreadsheet-friendly), and a README. Asked by the user (after
// re-authentication) or run by an admin for a user who asked by email; either way a completed
// PrivacyRequest row and an audit row record who exported whose data, in one transaction.
import { strToU8, zipSync } from "fflate";
import { writeAudit } from "@/lib/admin/audit";
import type { Reauth } from "@/lib/auth/account";
import { assertReauthenticated } from "@/lib/auth/sign-in";
import type { Db, DbClient } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { csvField, statementCsv } from "@/lib/ledger/history";
import { logger } from "@/lib/logger";
import { collectUserData, exportJson, type UserDataExport } from "@/lib/privacy/collect";

export type ExportArchive = { filename: string; bytes: Uint8Array };

const README = `This archive holds every record we store about your account.

export.json   everything, one section per kind of record (account, sessions, conversations and
              messages, ledger entries, grants and holds, payments, disputes, API keys' metadata,
              emails sent to you, audit entries about you, consents and acceptances).
ledger.csv    your PT statement (one line per ledger entry, newest first).
payments.csv  your payments (amounts in minor units of the currency, e.g. cents; the amount
              includes the tax shown beside it).

PT amounts are whole platform tokens written as decimal strings; times are UTC (ISO 8601).
Password hashes, two-factor secrets and API key secrets are never exported: we keep only
one-way hashes of them.
`;

function paymentsCsv(payments: NonNullable<UserDataExport>["billing"]["payments"]): string {
  const header = [
    "date",
    "kind",
    "description",
    "amount_minor",
    "tax_minor",
    "tax",
    "currency",
    "pt",
    "refunded_minor",
    "id",
  ];
  const lines = payments.map((p) =>
    [
      csvField(p.createdAt.toISOString()),
      csvField(p.kind),
      csvField(p.description),
      csvField(p.amountMinor, { text: false }),
      csvField(p.taxMinor, { text: false }),
      csvField(p.taxLabel),
      csvField(p.currency),
      csvField(p.pt, { text: false }),
      csvField(p.refundedMinor, { text: false }),
      csvField(p.id),
    ].join(","),
  );
  return `${[header.join(","), ...lines].join("\r\n")}\r\n`;
}

/** Builds the archive of userId's data; not_found when there is no such user. */
export async function buildExportArchive(db: Db, userId: string, now = new Date()): Promise<ExportArchive> {
  const data = await collectUserData(db, userId, now);
  if (!data) throw new AppError("not_found", "No such user.");
  const ledger = await statementCsv(db, { kind: "user", userId });
  const bytes = zipSync(
    {
      "README.txt": strToU8(README),
      "export.json": strToU8(exportJson(data)),
      "ledger.csv": strToU8(ledger),
      "payments.csv": strToU8(paymentsCsv(data.billing.payments)),
    },
    { level: 6, mtime: now },
  );
  return { filename: `data-export-${now.toISOString().slice(0, 10)}.zip`, bytes };
}

/** Records a completed export (a PrivacyRequest row and an audit row, together). */
async function recordExport(
  db: DbClient,
  input: { userId: string; actorId: string; adminId: string | null; note?: string; requestId?: string },
): Promise<void> {
  await db.$transaction(async (tx) => {
    const request = await tx.privacyRequest.create({
      data: {
        userId: input.userId,
        kind: "export",
        status: "completed",
        adminId: input.adminId,
        note: input.note ?? null,
        completedAt: new Date(),
      },
      select: { id: true },
    });
    await writeAudit(
      tx,
      { userId: input.actorId, requestId: input.requestId },
      {
        action: input.adminId ? "privacy.export.admin" : "privacy.export",
        targetType: "user",
        targetId: input.userId,
        after: { privacyRequestId: request.id, note: input.note },
      },
    );
  });
}

/** The signed-in user's own export, after re-authentication (password, plus a code with 2FA). */
export async function exportOwnData(
  db: DbClient,
  input: { userId: string; reauth: Reauth; requestId?: string },
): Promise<ExportArchive> {
  await assertReauthenticated(db, { userId: input.userId, ...input.reauth });
  const archive = await buildExportArchive(db, input.userId);
  await recordExport(db, {
    userId: input.userId,
    actorId: input.userId,
    adminId: null,
    requestId: input.requestId,
  });
  logger.info({ userId: input.userId, bytes: archive.bytes.length }, "privacy export");
  return archive;
}

/** An admin's export for a user who asked by email (the admin is authenticated with 2FA). */
export async function exportForUser(
  db: DbClient,
  input: { userId: string; adminId: string; note?: string; requestId?: string },
): Promise<ExportArchive> {
  const archive = await buildExportArchive(db, input.userId);
  await recordExport(db, {
    userId: input.userId,
    actorId: input.adminId,
    adminId: input.adminId,
    note: input.note,
    requestId: input.requestId,
  });
  logger.info({ userId: input.userId, adminId: input.adminId }, "privacy export by an admin");
  return archive;
}

/** The HTTP download of an archive (no caching, never sniffed). */
export function archiveResponse(archive: ExportArchive): Response {
  return new Response(archive.bytes as Uint8Array<ArrayBuffer>, {
    status: 200,
    headers: {
      "content-type": "application/zip",
      "content-disposition": `attachment; filename="${archive.filename}"`,
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
    },
  });
}
