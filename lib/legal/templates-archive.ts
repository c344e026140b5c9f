// Built-in legal texts of versions no longer the latest, kept word for word: the fingerprint test
// proves each still renders the text that was published (its sha256 in versions.ts), and a version
// announced for a future date needs its predecessor's text until then. Never edit one: publish a
// new version instead.
import type { LegalFacts } from "@/lib/legal/facts";
import { identity, processorList } from "@/lib/legal/template-parts";
import type { LegalDocumentId } from "@/lib/settings/legal";
import type { OperatorSettings } from "@/lib/settings/operator";

type Builder = (o: OperatorSettings, f: LegalFacts) => string;

/** Privacy Policy version 1 (effective 2026-12-07). */
function privacyV1(o: OperatorSettings, f: LegalFacts): string {
  return `This policy explains what ${o.productName} stores about you and why. The controller is:

${identity(o)}

## What we store
- **Account**: email address, optional name, password hash (argon2id), two-factor settings, plan and status.
- **Sessions**: one row per sign-in (device, IP address, times). Idle sessions end after ${f.sessionIdleMinutes} minutes, every session after ${f.sessionMaxDays} days; ended sessions are removed ${f.sessionRetentionDays} days later. One-time links are removed ${f.tokenGraceDays} days after use or expiry.
- **Conversations**: your messages and the replies, with the tokens and PT of each.
- **Ledger**: every PT credit and debit, kept for accounting; entries are never edited.
- **Payments** and **disputes**: amounts, dates and their outcome. Card details are held by the payment provider, never here.
- **Consents**: your acceptance of these documents (version, time, IP) and your cookie choice.
- **Emails sent to you** and an **audit log** of administrators' actions on your account.

## Why (legal bases)
To provide the service you signed up for (contract), to keep accounts secure and prevent abuse (legitimate interest), to keep accounting records (legal obligation), and analytics only with your consent.

## Who processes data for us
${processorList(f)}

## Your rights
You may access, correct, export or delete your data, object to processing and withdraw consent at any time (cookie choices: "Cookie settings" in the footer). Write to ${o.supportEmail}. You may also complain to your data protection authority.

## Retention
Account data is kept while your account exists. Ledger entries, payments and disputes are kept for the accounting period the law requires, even after your account is deleted, without your name or email. The periods above for sessions and links are enforced daily.`;
}

export const ARCHIVED_TEXTS: Partial<Record<LegalDocumentId, Readonly<Record<string, Builder>>>> = {
  privacy: { "1": privacyV1 },
};
