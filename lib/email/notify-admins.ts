// Emails every active admin the same notice, once per admin per dedupe key (a retried job or
// a replayed event never mails twice). Used by reconciliation, billing alerts and disputes.
import { appUrl } from "@/lib/app-url";
import type { DbClient } from "@/lib/db";
import { enqueueEmail } from "@/lib/email/enqueue";
import type { Prisma } from "@/lib/generated/prisma/client";
import { notify } from "@/lib/notifications";

export type AdminNotice = {
  subject: string;
  paragraphs: string[];
  /** Path inside the app (e.g. "/admin/reconciliation/123"), made absolute with APP_URL. */
  path?: string;
  dedupeKey: string;
  /** Also an in-app notification per admin (kind, e.g. "price_alert"), deduplicated alike. */
  inAppKind?: string;
};

export async function notifyAdmins(
  db: DbClient | Prisma.TransactionClient,
  notice: AdminNotice,
): Promise<number> {
  const admins = await db.user.findMany({
    where: { role: "ADMIN", status: "active" },
    select: { id: true, email: true, name: true },
  });
  for (const admin of admins) {
    if (notice.inAppKind) {
      await notify(db, {
        userId: admin.id,
        kind: notice.inAppKind,
        title: notice.subject,
        body: notice.paragraphs.join("\n"),
        link: notice.path,
        dedupeKey: `${notice.dedupeKey}:${admin.id}`,
      });
    }
    await enqueueEmail(db, {
      to: admin.email,
      template: "notice",
      userId: admin.id,
      dedupeKey: `${notice.dedupeKey}:${admin.id}`,
      data: {
        subject: notice.subject,
        paragraphs: notice.paragraphs,
        name: admin.name,
        ...(notice.path ? { actionUrl: appUrl(notice.path), actionLabel: "Open the admin console" } : {}),
      },
    });
  }
  return admins.length;
}
