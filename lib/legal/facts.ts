// The product's real facts that the legal documents state, read from the code and the environment
// that enforce them: which processors are configured, the plans and their PT expiry, the trial,
// and the retention periods in force. A document never states a fact this module does not read.
import { TOKEN_GRACE_DAYS } from "@/lib/auth/cleanup";
import { GUEST_MAX_AGE_DAYS } from "@/lib/auth/guests";
import {
  formatPrice,
  formatPtAmount,
  isTestMode,
  PACK_IDS,
  PACK_PT,
  planProduct,
} from "@/lib/billing/catalog";
import { ENTITLEMENTS, PLAN_IDS } from "@/lib/entitlements";
import { type Env, env } from "@/lib/env";
import { type RetentionPolicy, retentionPolicy } from "@/lib/privacy/retention";

export type Processor = { name: string; purpose: string; data: string };

export type LegalFacts = {
  processors: Processor[];
  plans: { name: string; price: string; allowance: string }[];
  packs: string[];
  testMode: boolean;
  analytics: boolean;
  guestTrialPt: string;
  guestDays: number;
  sessionIdleMinutes: number;
  sessionMaxDays: number;
  sessionRetentionDays: number;
  tokenGraceDays: number;
  retention: RetentionPolicy;
  deletionGraceDays: number;
};

function host(url: string | undefined): string {
  try {
    return url ? new URL(url).host : "";
  } catch {
    return "";
  }
}

/** The outside services this deployment sends personal data to, from the variables that switch them on. */
export function configuredProcessors(e: Env = env()): Processor[] {
  const out: Processor[] = [];
  if (e.STRIPE_SECRET_KEY) {
    out.push({
      name: "Stripe",
      purpose: "payments, invoices and tax",
      data: "email, billing details, payments",
    });
  }
  const prompts = "the prompts and conversation history of each chat turn";
  if (e.OPENAI_API_KEY) out.push({ name: "OpenAI", purpose: "AI model responses", data: prompts });
  if (e.ANTHROPIC_API_KEY) out.push({ name: "Anthropic", purpose: "AI model responses", data: prompts });
  if (e.OPENAI_COMPATIBLE_BASE_URL) {
    const where = host(e.OPENAI_COMPATIBLE_BASE_URL);
    out.push({ name: `Model endpoint at ${where}`, purpose: "AI model responses", data: prompts });
  }
  if (e.RESEND_API_KEY)
    out.push({ name: "Resend", purpose: "transactional email", data: "email address, email content" });
  else if (e.SMTP_URL) {
    out.push({
      name: `Mail server ${host(e.SMTP_URL)}`,
      purpose: "transactional email",
      data: "email address, email content",
    });
  }
  if (e.SENTRY_DSN || e.NEXT_PUBLIC_SENTRY_DSN) {
    out.push({
      name: "Sentry",
      purpose: "error reports",
      data: "technical error details (personal data scrubbed)",
    });
  }
  if (e.UPSTASH_REDIS_REST_URL) {
    out.push({
      name: "Upstash",
      purpose: "rate limiting",
      data: "user ids and IP addresses as counter keys",
    });
  }
  if (e.ANALYTICS_GA4_ID) {
    out.push({
      name: "Google Analytics",
      purpose: "audience measurement, only with your consent",
      data: "pseudonymous browser identifiers and page views",
    });
  }
  return out;
}

export function legalFacts(e: Env = env()): LegalFacts {
  return {
    processors: configuredProcessors(e),
    plans: PLAN_IDS.map((id) => ({
      name: ENTITLEMENTS[id].name,
      price: id === "free" ? "free" : `${formatPrice(planProduct(id).amountMinor)} a month`,
      allowance: formatPtAmount(ENTITLEMENTS[id].monthlyAllowancePt),
    })),
    packs: PACK_IDS.map((id) => formatPtAmount(PACK_PT[id])),
    testMode: isTestMode(),
    analytics: Boolean(e.ANALYTICS_GA4_ID),
    guestTrialPt: formatPtAmount(e.GUEST_TRIAL_PT),
    guestDays: GUEST_MAX_AGE_DAYS,
    sessionIdleMinutes: e.SESSION_IDLE_MINUTES,
    sessionMaxDays: e.SESSION_MAX_DAYS,
    sessionRetentionDays: e.RETENTION_SESSION_DAYS,
    tokenGraceDays: TOKEN_GRACE_DAYS,
    retention: retentionPolicy(e),
    deletionGraceDays: e.ACCOUNT_DELETION_GRACE_DAYS,
  };
}
