// The lines a server prints when it starts: where the app is and, while mail is kept locally,
// where to read it (a newcomer signs up, then verifies through that mailbox).
import { isDevMailboxEnabled } from "@/lib/email/dev-mailbox";
import { appOrigin, type Env } from "@/lib/env";

export function startupBanner(e: Env): string {
  const origin = appOrigin(e);
  const lines = [`Ledgerchat is running at ${origin}`];
  if (isDevMailboxEnabled(e)) lines.push(`Mailbox (verification and reset mail): ${origin}/dev/mail`);
  return lines.map((l) => `› ${l}`).join("\n");
}
