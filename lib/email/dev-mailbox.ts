// Who may see /dev/mail. It shows every outgoing mail, password-reset links included, so it
// exists only while mail is not really delivered and never on a production deployment.
import { env } from "@/lib/env";
import { emailProviderKind } from "./providers/select";

type MailboxEnv = {
  NODE_ENV: string;
  RESEND_API_KEY?: string;
  SMTP_URL?: string;
  DATABASE_URL?: string;
  EMAIL_DEV_MAILBOX?: boolean;
};

export function isDevMailboxEnabled(e: MailboxEnv = env()): boolean {
  if (emailProviderKind(e) !== "dev") return false;
  if (e.NODE_ENV !== "production") return true;
  // `next start` runs with NODE_ENV=production even for e2e tests and the local start script;
  // they opt in, and only on the embedded database, which a real deployment does not use.
  return e.EMAIL_DEV_MAILBOX === true && !e.DATABASE_URL;
}
