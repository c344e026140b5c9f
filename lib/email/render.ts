// One registry from template name to (data schema, renderer). renderEmail is pure: the same
// template and data always give the same subject, HTML and text, and invalid data throws.
import type { z } from "zod";
import type { EmailTemplate } from "./template-name";
import { renderAccountLocked } from "./templates/account-locked";
import { renderBudgetAlert } from "./templates/budget-alert";
import { renderDisputeResolved } from "./templates/dispute-resolved";
import { DEFAULT_BRAND, type EmailBrand, type RenderedEmail } from "./templates/layout";
import { renderNewSignIn } from "./templates/new-sign-in";
import { renderNotice } from "./templates/notice";
import { renderPasswordReset } from "./templates/password-reset";
import {
  AccountLockedData,
  BudgetAlertData,
  DisputeResolvedData,
  NewSignInData,
  NoticeData,
  PasswordResetData,
  TwoFactorChangedData,
  VerifyEmailData,
} from "./templates/schemas";
import { renderTwoFactorChanged } from "./templates/two-factor-changed";
import { renderVerifyEmail } from "./templates/verify-email";

type Render<S extends z.ZodType> = (data: z.infer<S>, brand: EmailBrand) => RenderedEmail;
type TemplateDef<S extends z.ZodType> = { schema: S; render: Render<S> };

function def<S extends z.ZodType>(schema: S, render: Render<S>): TemplateDef<S> {
  return { schema, render };
}

const TEMPLATES = {
  "verify-email": def(VerifyEmailData, renderVerifyEmail),
  "password-reset": def(PasswordResetData, renderPasswordReset),
  "new-sign-in": def(NewSignInData, renderNewSignIn),
  "two-factor-changed": def(TwoFactorChangedData, renderTwoFactorChanged),
  "account-locked": def(AccountLockedData, renderAccountLocked),
  "dispute-resolved": def(DisputeResolvedData, renderDisputeResolved),
  notice: def(NoticeData, renderNotice),
  "budget-alert": def(BudgetAlertData, renderBudgetAlert),
} satisfies Record<EmailTemplate, TemplateDef<z.ZodType>>;

export const EMAIL_TEMPLATES = Object.keys(TEMPLATES) as EmailTemplate[];

export function isEmailTemplate(value: string): value is EmailTemplate {
  return Object.hasOwn(TEMPLATES, value);
}

/** Validates data against the template's schema; throws a ZodError (or Error for an unknown template). */
export function parseTemplateData(template: EmailTemplate, data: unknown): unknown {
  if (!isEmailTemplate(template)) throw new Error(`Unknown email template: ${String(template)}`);
  return TEMPLATES[template].schema.parse(data);
}

/** The brand is the operator's identity at send time (the default: Ledgerchat). */
export function renderEmail(
  template: EmailTemplate,
  data: unknown,
  brand: EmailBrand = DEFAULT_BRAND,
): RenderedEmail {
  if (!isEmailTemplate(template)) throw new Error(`Unknown email template: ${String(template)}`);
  const entry = TEMPLATES[template] as TemplateDef<z.ZodType>;
  return entry.render(entry.schema.parse(data), brand);
}

export type { EmailBrand, RenderedEmail };
