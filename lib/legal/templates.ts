// The built-in legal texts (markdown), filled from the operator's identity and the product's real
// facts (lib/legal/facts.ts). An operator may replace any of them in the admin settings; what is
// missing from the identity is shown as a visible placeholder rather than invented.
import type { LegalFacts } from "@/lib/legal/facts";
import { identity, law, processorList } from "@/lib/legal/template-parts";
import { ARCHIVED_TEXTS } from "@/lib/legal/templates-archive";
import { latestBuiltIn } from "@/lib/legal/versions";
import type { LegalDocumentId } from "@/lib/settings/legal";
import type { OperatorSettings } from "@/lib/settings/operator";

function terms(o: OperatorSettings, f: LegalFacts): string {
  const plans = f.plans.map((p) => `- **${p.name}** (${p.price}): ${p.allowance} a month`).join("\n");
  return `These terms govern your use of ${o.productName}, provided by:

${identity(o)}

## The service
${o.productName} gives you access to AI models in a chat. Usage is measured in platform tokens (PT): every message reserves its worst-case cost before it runs and is charged what it actually used. AI output can be wrong; check anything important.
${f.testMode ? "\n**This deployment runs in test mode: no real payment is taken.**\n" : ""}
## Plans and PT
${plans}

Plan allowances expire at the end of each billing period. Purchased top-ups (${f.packs.join(", ")}) do not expire. Guests get ${f.guestTrialPt} trial PT, kept for ${f.guestDays} days.

## Your account
Keep your password and two-factor codes safe; you are responsible for use of your account. We may freeze an account in case of a chargeback, fraud or abuse, and tell you why.

## Acceptable use
No illegal content, no attempts to break the service or its limits, no resale of access without our written consent.

## Payments, refunds and disputes
See the [Refund Policy](/legal/refunds).

## Liability
The service is provided with reasonable care. Nothing in these terms limits liability that cannot be limited by law.

## Changes
When these terms change, the new version has a version number and an effective date, and you are asked to accept it before you continue to chat or buy.

## Law
${law(o)}`;
}

function conversationRetention(f: LegalFacts): string {
  const r = f.retention;
  const kept =
    r.conversationDays > 0
      ? `Their text is erased ${r.conversationDays} days after the last message`
      : "They are kept until you delete them";
  return `${kept}; a conversation you delete keeps its text ${r.deletedConversationDays} days, and with "keep history" off (Account → Privacy) the text is erased ${r.noHistoryHours} hours after the last message. The tokens and PT of each message stay on your ledger.`;
}

function privacy(o: OperatorSettings, f: LegalFacts): string {
  return `This policy explains what ${o.productName} stores about you and why. The controller is:

${identity(o)}

## What we store
- **Account**: email address, optional name, password hash (argon2id), two-factor settings, plan and status.
- **Sessions**: one row per sign-in (device, IP address, times). Idle sessions end after ${f.sessionIdleMinutes} minutes, every session after ${f.sessionMaxDays} days; ended sessions are removed ${f.sessionRetentionDays} days later. One-time links are removed ${f.tokenGraceDays} days after use or expiry.
- **Conversations**: your messages and the replies, with the tokens and PT of each. ${conversationRetention(f)}
- **Ledger**: every PT credit and debit, kept for accounting; entries are never edited.
- **Payments** and **disputes**: amounts, tax, dates and their outcome; when tax is collected at checkout, also the billing name, address, country and tax id you give there, for your receipts and the tax records. Card details are held by the payment provider, never here.
- **Consents**: your acceptance of these documents (version, time, IP) and your cookie choice.
- **Emails sent to you** (${f.retention.emailDays > 0 ? `their text is removed ${f.retention.emailDays} days after sending; the address, kind and time stay` : "kept"}) and an **audit log** of administrators' actions on your account (${f.retention.auditDays > 0 ? `kept ${f.retention.auditDays} days` : "kept"}).
- **API request logs**: usage of your API keys (model, tokens, PT); request bodies only if you turned body logging on for a key${f.retention.logDays > 0 ? `, removed after ${f.retention.logDays} days` : ""}.

## Why (legal bases)
To provide the service you signed up for (contract), to keep accounts secure and prevent abuse (legitimate interest), to keep accounting records (legal obligation), and analytics only with your consent.

## Who processes data for us
${processorList(f)}

## Your rights
You may access, correct, export or delete your data, object to processing and withdraw consent at any time (cookie choices: "Cookie settings" in the footer). Download your data or delete your account under Account → Privacy, or write to ${o.supportEmail}. You may also complain to your data protection authority.

## Deleting your account
A deletion takes effect ${f.deletionGraceDays === 0 ? "at the next daily run" : `${f.deletionGraceDays} days after you ask`}. Until then you are signed out and your API keys are paused; signing in before then cancels the deletion and restores them, and we email you at each step. Then your profile, sessions, conversation text, consents and API request bodies are erased and your email address is replaced by a placeholder; any PT left are forfeited; the billing name, address and tax id on your payments are erased (amounts, tax and country stay for the tax records); the payment provider's customer record is deleted, which ends any subscription.

## Retention
Account data is kept while your account exists. Ledger entries, payments and disputes are kept for the accounting period the law requires, even after your account is deleted, without your name or email. The periods above are enforced daily.`;
}

function refunds(o: OperatorSettings, f: LegalFacts): string {
  return `How refunds and disputes work at ${o.productName}.

## A charge looks wrong
Open your ledger (Account → Ledger) and choose **Dispute** on the line. An administrator reviews it. If approved, a message is credited back in PT and a payment is refunded through the payment provider. You are told the outcome by email and on the ledger page.

## Refunded payments
When a payment is refunded, the PT it bought are taken back (in proportion for a partial refund). PT already spent become a negative balance that must be paid off before you can chat again.

## Chargebacks
A bank chargeback freezes the account until the dispute closes. A won dispute unfreezes it; a lost one takes back the PT the payment bought.

## Paid but no PT?
Use "I paid but don't see it" on the billing page; payments are also matched to credits every night.

## Expiry
Plan allowances expire at the end of each billing period and are not refunded; purchased top-ups do not expire.${f.testMode ? "\n\n**Test mode: no real payment is taken on this deployment.**" : ""}

Questions: ${o.supportEmail}.`;
}

function dpa(o: OperatorSettings, f: LegalFacts): string {
  return `This Data Processing Agreement applies when a business customer ("Controller") uses ${o.productName} to process personal data of its users, with ${o.legalEntity} as processor.

${identity(o)}

1. **Subject matter**: providing the AI chat service; data: account data, conversations, usage and billing records of the Controller's users.
2. **Instructions**: we process personal data only on the Controller's documented instructions, including these terms.
3. **Confidentiality**: everyone authorised to process the data is bound to confidentiality.
4. **Security**: passwords hashed with argon2id, two-factor authentication for administrators, encrypted transport, an audit log of administrative actions, an append-only ledger.
5. **Sub-processors** currently engaged:
${processorList(f)}
6. **Assistance**: we help the Controller answer data subject requests (export and deletion) and notify it of a personal data breach without undue delay.
7. **Deletion**: at the end of the service personal data is deleted or returned, except records the law requires us to keep.
8. **Audits**: we make available the information needed to demonstrate compliance.

${law(o)}`;
}

function cookies(o: OperatorSettings, f: LegalFacts): string {
  return `${o.productName} uses as few cookies as it can.

## Necessary (always on)
- **Session cookie** (next-auth): keeps you signed in.
- **CSRF cookie** (next-auth): protects sign-in forms.
- **Guest cookie**: lets you chat before signing up (${f.guestDays} days).
- **Consent cookie** (\`lc_consent\`): remembers your cookie choice (1 year).
- Your theme choice is kept in the browser's local storage, not a cookie.

## Analytics (only with your consent)
${f.analytics ? "Google Analytics 4 (`_ga`, `_ga_*`, up to 2 years) measures visits. It loads only after you accept analytics; until then Google Consent Mode keeps every storage type denied and no request goes to Google." : "None on this deployment."}

## Marketing (only with your consent)
None on this deployment.

## Your choice
Accept all, reject all or choose per category in the banner; change your mind at any time with **Cookie settings** in the footer. Withdrawing is as easy as giving consent.`;
}

const BUILDERS: Record<LegalDocumentId, (o: OperatorSettings, f: LegalFacts) => string> = {
  terms,
  privacy,
  refunds,
  dpa,
  cookies,
};

/**
 * The built-in text of a version of a document: the current template for the latest built-in
 * version, the archived one for an earlier version (null when that text was not kept).
 */
export function builtInMarkdown(
  id: LegalDocumentId,
  version: string,
  operator: OperatorSettings,
  facts: LegalFacts,
): string | null {
  const builder = version === latestBuiltIn(id).version ? BUILDERS[id] : ARCHIVED_TEXTS[id]?.[version];
  return builder ? builder(operator, facts) : null;
}
