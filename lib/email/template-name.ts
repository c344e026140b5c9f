// The names of the email templates. A leaf file: the outbox writer, the renderer and the sender
// all need it, and the writer also kicks the sender.

export type EmailTemplate =
  | "verify-email"
  | "password-reset"
  | "new-sign-in"
  | "two-factor-changed"
  | "account-locked"
  | "dispute-resolved"
  | "notice"
  | "welcome"
  | "purchase-receipt"
  | "subscription-changed"
  | "invoice-available"
  | "payment-failed"
  | "budget-alert"
  | "team-invite"
  | "low-balance"
  | "auto-topup";
