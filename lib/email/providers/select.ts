// Which provider this process uses, decided by the environment alone: Resend, then SMTP, then
// the dev mailbox. Cached so the SMTP pool and Resend client live as long as the process.
import { env } from "@/lib/env";
import { createDevProvider } from "./dev";
import { createResendProvider } from "./resend";
import { createSmtpProvider } from "./smtp";
import type { EmailProvider } from "./types";

export type EmailProviderKind = "resend" | "smtp" | "dev";

export function emailProviderKind(
  e: { RESEND_API_KEY?: string; SMTP_URL?: string } = env(),
): EmailProviderKind {
  if (e.RESEND_API_KEY) return "resend";
  if (e.SMTP_URL) return "smtp";
  return "dev";
}

let cached: EmailProvider | undefined;

export function getEmailProvider(): EmailProvider {
  if (cached) return cached;
  const e = env();
  const kind = emailProviderKind(e);
  if (kind === "resend" && e.RESEND_API_KEY)
    cached = createResendProvider({ apiKey: e.RESEND_API_KEY, baseUrl: e.RESEND_BASE_URL });
  else if (kind === "smtp" && e.SMTP_URL) cached = createSmtpProvider({ url: e.SMTP_URL });
  else cached = createDevProvider();
  return cached;
}

/** Tests only: forget the provider so the next call re-reads the environment. */
export function resetEmailProviderForTests(): void {
  cached = undefined;
}
