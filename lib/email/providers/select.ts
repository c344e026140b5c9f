// Which providers this process uses, decided by the environment alone: Resend, then SMTP as its
// fallback (both when both are configured: a Resend outage or refusal falls through to SMTP
// within the same attempt), else the dev mailbox. Cached so the SMTP pool and Resend client live
// as long as the process.
import { env } from "@/lib/env";
import { createDevProvider } from "./dev";
import { createResendProvider } from "./resend";
import { createSmtpProvider } from "./smtp";
import type { EmailProvider } from "./types";

export type EmailProviderKind = "resend" | "smtp" | "dev";

/** The first provider of the chain (what the dev mailbox and the kick need to know). */
export function emailProviderKind(
  e: { RESEND_API_KEY?: string; SMTP_URL?: string } = env(),
): EmailProviderKind {
  if (e.RESEND_API_KEY) return "resend";
  if (e.SMTP_URL) return "smtp";
  return "dev";
}

let cached: EmailProvider[] | undefined;

/** The chain in order: [resend, smtp], [resend], [smtp] or [dev]. */
export function getEmailProviders(): EmailProvider[] {
  if (cached) return cached;
  const e = env();
  const chain: EmailProvider[] = [];
  if (e.RESEND_API_KEY)
    chain.push(createResendProvider({ apiKey: e.RESEND_API_KEY, baseUrl: e.RESEND_BASE_URL }));
  if (e.SMTP_URL) chain.push(createSmtpProvider({ url: e.SMTP_URL }));
  if (chain.length === 0) chain.push(createDevProvider());
  cached = chain;
  return cached;
}

/** Tests only: forget the providers so the next call re-reads the environment. */
export function resetEmailProviderForTests(): void {
  cached = undefined;
}
