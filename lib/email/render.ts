// One registry from template name to (data schema, renderer, default category). renderEmail is
// pure: the same template, data and footer always give the same subject, HTML and text, and
// invalid data throws.
import type { z } from "zod";
import type { EmailCategory } from "./categories";
import type { EmailTemplate } from "./template-name";
import { renderAccountLocked } from "./templates/account-locked";
import { renderAutoTopUp } from "./templates/auto-topup";
import { renderBudgetAlert } from "./templates/budget-alert";
import { renderDisputeResolved } from "./templates/dispute-resolved";
import { renderInvoiceAvailable } from "./templates/invoice-available";
import { DEFAULT_BRAND, type EmailBrand, type EmailFooter, type RenderedEmail } from "./templates/layout";
import { renderLowBalance } from "./templates/low-balance";
import { renderNewSignIn } from "./templates/new-sign-in";
import { renderNotice } from "./templates/notice";
import { renderPasswordReset } from "./templates/password-reset";
import { renderPaymentFailed } from "./templates/payment-failed";
import { renderPurchaseReceipt } from "./templates/purchase-receipt";
import {
  AccountLockedData,
  AutoTopUpData,
  BudgetAlertData,
  DisputeResolvedData,
  InvoiceAvailableData,
  LowBalanceData,
  NewSignInData,
  NoticeData,
  PasswordResetData,
  PaymentFailedData,
  PurchaseReceiptData,
  SubscriptionChangedData,
  TeamInviteData,
  TwoFactorChangedData,
  VerifyEmailData,
  WelcomeData,
} from "./templates/schemas";
import { renderSubscriptionChanged } from "./templates/subscription-changed";
import { renderTeamInvite } from "./templates/team-invite";
import { renderTwoFactorChanged } from "./templates/two-factor-changed";
import { renderVerifyEmail } from "./templates/verify-email";
import { renderWelcome } from "./templates/welcome";

type Render<S extends z.ZodType> = (
  data: z.infer<S>,
  brand: EmailBrand,
  footer?: EmailFooter,
) => RenderedEmail;
type TemplateDef<S extends z.ZodType> = { schema: S; render: Render<S>; category: EmailCategory };

function def<S extends z.ZodType>(category: EmailCategory, schema: S, render: Render<S>): TemplateDef<S> {
  return { schema, render, category };
}

const TEMPLATES = {
  "verify-email": def("security", VerifyEmailData, renderVerifyEmail),
  "password-reset": def("security", PasswordResetData, renderPasswordReset),
  "new-sign-in": def("security", NewSignInData, renderNewSignIn),
  "two-factor-changed": def("security", TwoFactorChangedData, renderTwoFactorChanged),
  "account-locked": def("security", AccountLockedData, renderAccountLocked),
  "dispute-resolved": def("account", DisputeResolvedData, renderDisputeResolved),
  "payment-failed": def("account", PaymentFailedData, renderPaymentFailed),
  // Sender-worded notices: account by default; a caller passes another category (security for
  // deletion steps, usage for an alert) to enqueueEmail.
  notice: def("account", NoticeData, renderNotice),
  welcome: def("product", WelcomeData, renderWelcome),
  "purchase-receipt": def("billing", PurchaseReceiptData, renderPurchaseReceipt),
  "subscription-changed": def("billing", SubscriptionChangedData, renderSubscriptionChanged),
  "invoice-available": def("billing", InvoiceAvailableData, renderInvoiceAvailable),
  "budget-alert": def("usage", BudgetAlertData, renderBudgetAlert),
  "team-invite": def("account", TeamInviteData, renderTeamInvite),
  "low-balance": def("usage", LowBalanceData, renderLowBalance),
  // A charge notice is a receipt-like billing mail; a failure is sent as "account" (it needs action).
  "auto-topup": def("billing", AutoTopUpData, renderAutoTopUp),
} satisfies Record<EmailTemplate, TemplateDef<z.ZodType>>;

/** The category a template's mail belongs to unless its sender names another. */
export function templateCategory(template: EmailTemplate): EmailCategory {
  return TEMPLATES[template].category;
}

export const EMAIL_TEMPLATES = Object.keys(TEMPLATES) as EmailTemplate[];

export function isEmailTemplate(value: string): value is EmailTemplate {
  return Object.hasOwn(TEMPLATES, value);
}

/** Validates data against the template's schema; throws a ZodError (or Error for an unknown template). */
export function parseTemplateData(template: EmailTemplate, data: unknown): unknown {
  if (!isEmailTemplate(template)) throw new Error(`Unknown email template: ${String(template)}`);
  return TEMPLATES[template].schema.parse(data);
}

/**
 * The brand is the operator's identity at send time (the default: Ledgerchat); the footer, for
 * non-essential mail, carries its unsubscribe and preferences links.
 */
export function renderEmail(
  template: EmailTemplate,
  data: unknown,
  brand: EmailBrand = DEFAULT_BRAND,
  footer?: EmailFooter,
): RenderedEmail {
  if (!isEmailTemplate(template)) throw new Error(`Unknown email template: ${String(template)}`);
  const entry = TEMPLATES[template] as TemplateDef<z.ZodType>;
  return entry.render(entry.schema.parse(data), brand, footer);
}

export type { EmailBrand, EmailFooter, RenderedEmail };
