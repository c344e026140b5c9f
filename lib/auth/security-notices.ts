// Security notices by email (ASVS V6.3.7 / V7.x): the account's address is told when its password
// changes (in account settings or by a reset link) and when its email address is changed, so a
// takeover does not go unnoticed. Sent through the outbox in the transaction of the change itself.
import { appUrl } from "@/lib/app-url";
import type { Db } from "@/lib/db";
import { enqueueEmail } from "@/lib/email/enqueue";

const when = (at: Date) => `${at.toISOString().slice(0, 16).replace("T", " ")} UTC`;

export async function noticePasswordChanged(
  db: Db,
  input: { userId: string; email: string; name?: string | null; at: Date; via: "settings" | "reset" },
): Promise<void> {
  await enqueueEmail(db, {
    to: input.email,
    template: "notice",
    category: "security",
    userId: input.userId,
    dedupeKey: `password-changed:${input.userId}:${input.at.getTime()}`,
    data: {
      name: input.name ?? undefined,
      subject: "Your {product} password was changed",
      paragraphs: [
        `The password of your account was changed ${input.via === "reset" ? "with a reset link" : "in your account settings"} on ${when(input.at)}. Your other sessions were signed out.`,
        "If this was not you, reset your password now and review your account's sessions.",
      ],
      actionUrl: `${appUrl()}/forgot-password`,
      actionLabel: "Reset my password",
    },
  });
}

export async function noticeEmailChanged(
  db: Db,
  input: { userId: string; oldEmail: string; newEmail: string; name?: string | null; at: Date },
): Promise<void> {
  const masked = input.newEmail.replace(/^(.).*?(@.*)$/, "$1…$2");
  await enqueueEmail(db, {
    to: input.oldEmail,
    template: "notice",
    category: "security",
    userId: input.userId,
    dedupeKey: `email-changed:${input.userId}:${input.at.getTime()}`,
    data: {
      name: input.name ?? undefined,
      subject: "Your {product} sign-in address was changed",
      paragraphs: [
        `The sign-in address of your account was changed from this address to ${masked} on ${when(input.at)}. Mail about the account now goes there.`,
        "If this was not you, reply to this message or contact support at once: your account may have been taken over.",
      ],
    },
  });
}
