// Who may see /dev/mail. It shows every outgoing mail, password-reset links included, so it
// exists only while mail is not really delivered and never on a production deployment.
import type { DbClient } from "@/lib/db";
import { env, isLoopbackHost } from "@/lib/env";
import type { Prisma } from "@/lib/generated/prisma/client";
import { mailBrand } from "./brand";
import { emailProviderKind } from "./providers/select";
import { type EmailBrand, renderEmail } from "./render";
import type { EmailTemplate } from "./template-name";
import { unsubscribeParts } from "./unsubscribe-token";

type MailboxEnv = {
  NODE_ENV: string;
  RESEND_API_KEY?: string;
  SMTP_URL?: string;
  DATABASE_URL?: string;
  EMAIL_DEV_MAILBOX?: boolean;
  HOST?: string;
};

/**
 * On while mail is not delivered anywhere else. `next start` runs with NODE_ENV=production, also
 * under scripts/start.sh, so there it is on by default only on the embedded database (a real
 * deployment has DATABASE_URL) and when the server listens on loopback (start.sh's default), where
 * nobody else can read the links. EMAIL_DEV_MAILBOX=1 forces it on (still never with
 * DATABASE_URL), EMAIL_DEV_MAILBOX=0 off.
 */
export function isDevMailboxEnabled(e: MailboxEnv = env()): boolean {
  if (emailProviderKind(e) !== "dev") return false;
  if (e.NODE_ENV !== "production") return e.EMAIL_DEV_MAILBOX !== false;
  if (e.DATABASE_URL || e.EMAIL_DEV_MAILBOX === false) return false;
  return e.EMAIL_DEV_MAILBOX === true || isLoopbackHost(e.HOST);
}

export const DEV_MAIL_PAGE_SIZE = 25;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type DevMail = {
  id: string;
  /** The From header as sent (the operator's product name at send time). */
  from: string;
  to: string;
  template: string;
  category: string;
  /** Headers beyond the usual ones (List-Unsubscribe on optional mail). */
  headers: Record<string, string>;
  status: string;
  attempts: number;
  lastError: string | null;
  provider: string | null;
  providerMessageId: string | null;
  createdAt: Date;
  sentAt: Date | null;
  subject: string;
  html: string;
  text: string;
  links: string[];
  /** Every provider call for this mail (the detail page only). */
  log?: { attempt: number; provider: string; outcome: string; durationMs: number; error: string | null }[];
};

const SELECT = {
  id: true,
  to: true,
  userId: true,
  template: true,
  category: true,
  data: true,
  status: true,
  attempts: true,
  lastError: true,
  provider: true,
  providerMessageId: true,
  createdAt: true,
  sentAt: true,
} as const;

type Row = Prisma.EmailOutboxGetPayload<{ select: typeof SELECT }>;

function toDevMail({ data, userId, ...row }: Row, brand: EmailBrand, from: string): DevMail {
  let rendered = { subject: `(${row.template}: data no longer renders)`, html: "", text: "" };
  // As the worker renders it: with the unsubscribe footer and headers of optional mail.
  const { footer, headers } = unsubscribeParts(userId, row.category);
  try {
    rendered = renderEmail(row.template as EmailTemplate, data, brand, footer);
  } catch {
    // Shown as such in the list; the row's lastError says why once the worker tried it.
  }
  return { ...row, from, headers, ...rendered, links: extractLinks(rendered.text) };
}

/** The http(s) URLs of a text part, in order, without duplicates: what e2e tests click. */
export function extractLinks(text: string): string[] {
  return [...new Set(text.match(/https?:\/\/[^\s<>"']+/g) ?? [])];
}

/** Newest first; `to` narrows to one recipient (e2e tests look up their own user's mail). */
export async function listDevMail(
  db: DbClient,
  options: { page: number; to?: string },
): Promise<{ mails: DevMail[]; total: number; pages: number }> {
  const where = options.to ? { to: { equals: options.to, mode: "insensitive" as const } } : {};
  const [{ brand, from }, rows, total] = await Promise.all([
    mailBrand(db),
    db.emailOutbox.findMany({
      where,
      select: SELECT,
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      skip: (Math.max(1, options.page) - 1) * DEV_MAIL_PAGE_SIZE,
      take: DEV_MAIL_PAGE_SIZE,
    }),
    db.emailOutbox.count({ where }),
  ]);
  return {
    mails: rows.map((r) => toDevMail(r, brand, from)),
    total,
    pages: Math.max(1, Math.ceil(total / DEV_MAIL_PAGE_SIZE)),
  };
}

export async function getDevMail(db: DbClient, id: string): Promise<DevMail | null> {
  if (!UUID.test(id)) return null;
  const row = await db.emailOutbox.findUnique({ where: { id }, select: SELECT });
  if (!row) return null;
  const [{ brand, from }, log] = await Promise.all([
    mailBrand(db),
    db.emailAttempt.findMany({
      where: { emailId: id },
      orderBy: { createdAt: "asc" },
      select: { attempt: true, provider: true, outcome: true, durationMs: true, error: true },
    }),
  ]);
  return { ...toDevMail(row, brand, from), log };
}

/** The HTML part is served on its own with a CSP that forbids scripts, frames, forms and loads. */
export const DEV_MAIL_HTML_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'; sandbox allow-popups allow-popups-to-escape-sandbox allow-top-navigation-by-user-activation";

// The app's proxy stamps its own CSP on every response, replacing a route's header. A <meta>
// policy is enforced in addition to the header one, so the strict policy holds either way
// (meta cannot carry sandbox or frame-ancestors; the header version keeps them).
const META_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

/** The mail's HTML with the strict policy as the first element of <head>. */
export function withCspMeta(html: string): string {
  const meta = `<meta http-equiv="Content-Security-Policy" content="${META_CSP}">`;
  const head = /<head(\s[^>]*)?>/i.exec(html);
  if (!head) return `<!doctype html><html><head>${meta}</head><body>${html}</body></html>`;
  const at = head.index + head[0].length;
  return html.slice(0, at) + meta + html.slice(at);
}
