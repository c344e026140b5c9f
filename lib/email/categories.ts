// Every email belongs to one category, and the category alone decides whether its recipient may
// turn it off. Essential mail (security, account) always goes out and carries no unsubscribe
// header; the rest carries RFC 8058 one-click List-Unsubscribe and is skipped (recorded as such)
// for a recipient who opted out. A leaf file: the templates, the outbox, the worker, the settings
// page and the unsubscribe route all read it. A new kind of mail picks a category here; a new
// optional category is one more entry with essential: false (no migration: opt-outs are rows).

export const EMAIL_CATEGORIES = {
  security: {
    essential: true,
    label: "Security",
    description:
      "Email verification, password resets, new sign-ins, two-factor changes, account locks, API keys and account deletion.",
  },
  account: {
    essential: true,
    label: "Account and payment problems",
    description: "Failed payments, dispute decisions, data exports and other notices that need your action.",
  },
  billing: {
    essential: false,
    label: "Receipts and subscription notices",
    description: "Purchase receipts, invoices, and your subscription starting, changing or ending.",
  },
  usage: {
    essential: false,
    label: "Usage alerts",
    description: "Low balance and budget alerts.",
  },
  product: {
    essential: false,
    label: "Welcome and product news",
    description: "The welcome mail and occasional news about the product.",
  },
} as const satisfies Record<string, { essential: boolean; label: string; description: string }>;

export type EmailCategory = keyof typeof EMAIL_CATEGORIES;

export const EMAIL_CATEGORY_NAMES = Object.keys(EMAIL_CATEGORIES) as EmailCategory[];

/** The categories a recipient may turn off, in display order. */
export const OPTIONAL_CATEGORIES = EMAIL_CATEGORY_NAMES.filter((c) => !EMAIL_CATEGORIES[c].essential);

export function isEmailCategory(value: string): value is EmailCategory {
  return Object.hasOwn(EMAIL_CATEGORIES, value);
}

/** Whether mail of this category always goes out. An unknown name counts as essential (fail open to delivery). */
export function isEssentialCategory(category: string): boolean {
  return !isEmailCategory(category) || EMAIL_CATEGORIES[category].essential;
}
