// Everything stored about one user, for the data export (GDPR art. 15 and 20, CCPA "right to
// know"). Read-only: an export is by nature a view across every owner's tables, so it reads them
// directly instead of through a service per domain; nothing here writes. Secrets are left out
// (password hash, TOTP secrets, token and recovery-code hashes, API key hashes): they are ours to
// verify with, not data about the person. tests/privacy/export.test.ts fails when a model that
// references a user is neither in EXPORTED_MODELS nor in NOT_EXPORTED.
import type { Db } from "@/lib/db";

/** Prisma models whose rows about the user are in the export (the section that carries them). */
export const EXPORTED_MODELS = {
  User: "account",
  OAuthAccount: "account.oauthAccounts",
  RecoveryCode: "account.recoveryCodes",
  AuthToken: "account.authTokens",
  Session: "sessions",
  Guest: "guests",
  LegalAcceptance: "legalAcceptances",
  CookieConsent: "cookieConsents",
  Conversation: "conversations",
  Message: "conversations[].messages",
  ChatSettings: "chatSettings",
  LedgerAccount: "ledger.account",
  LedgerTransaction: "ledger.entries[].kind",
  LedgerEntry: "ledger.entries (and ledger.csv)",
  LedgerGrant: "ledger.grants",
  LedgerGrantDraw: "ledger.grants[].draws",
  LedgerHold: "ledger.holds",
  MonthlyStatement: "ledger.monthlyStatements",
  Budget: "ledger.budget",
  BudgetAlert: "ledger.budgetAlerts",
  LowBalanceAlert: "ledger.lowBalanceAlert",
  BillingCustomer: "billing.customer",
  BillingSubscription: "billing.subscriptions",
  CheckoutIntent: "billing.checkouts",
  PlanSwitch: "billing.planSwitches",
  Payment: "billing.payments (and payments.csv)",
  BillingDispute: "billing.chargebacks",
  AutoTopUp: "billing.autoTopUp",
  AutoTopUpCharge: "billing.autoTopUpCharges",
  Dispute: "disputes",
  Notification: "notifications",
  ApiKey: "apiKeys",
  ApiRequest: "apiRequests",
  WebhookEndpoint: "webhookEndpoints (secrets omitted)",
  EmailOutbox: "emails",
  EmailOptOut: "emailPreferences",
  AuditLog: "auditEntries",
  Incident: "incidentsAuthored",
  PrivacyRequest: "privacyRequests",
  PriceProposal: "priceDecisions",
  Team: "teams.memberships[].team",
  TeamMember: "teams.memberships",
  TeamInvite: "teams.invitations",
} as const;

/** Models that reference a user but are not exported, and why. */
export const NOT_EXPORTED: Record<string, string> = {
  ChatStreamSlot: "a lease of a few minutes on a concurrent-stream slot; no personal data",
  OperatorSetting:
    "operator configuration an admin saved; the change itself is in auditEntries (actor = the admin)",
  AlertRule: "an operator alert rule an admin wrote; its creation and changes are in auditEntries",
  TeamSeatChange:
    "a team's seat-change claim (the team's billing state, not the member's); the charge it led to is in payments",
};

export type UserDataExport = Awaited<ReturnType<typeof collectUserData>>;

export async function collectUserData(db: Db, userId: string, now = new Date()) {
  const user = await db.user.findUnique({
    where: { id: userId },
    select: {
      id: true,
      email: true,
      name: true,
      role: true,
      status: true,
      plan: true,
      emailVerifiedAt: true,
      passwordChangedAt: true,
      twoFactorEnabledAt: true,
      createdAt: true,
      updatedAt: true,
      oauthAccounts: { select: { provider: true, providerAccountId: true, createdAt: true } },
      recoveryCodes: { select: { usedAt: true, createdAt: true } },
      authTokens: { select: { kind: true, email: true, expiresAt: true, usedAt: true, createdAt: true } },
    },
  });
  if (!user) return null;
  const owner = { userId };
  const ledgerAccount = await db.ledgerAccount.findUnique({
    where: { type_ownerId: { type: "user", ownerId: userId } },
    select: {
      id: true,
      posted: true,
      pending: true,
      debt: true,
      frozen: true,
      monthKey: true,
      monthSpentPt: true,
      createdAt: true,
    },
  });
  const accountId = ledgerAccount?.id ?? "00000000-0000-0000-0000-000000000000";
  const [sessions, guests, legalAcceptances, cookieConsents, conversations, chatSettings] = await Promise.all(
    [
      db.session.findMany({ where: owner, orderBy: { createdAt: "asc" } }),
      db.guest.findMany({ where: { convertedUserId: userId }, orderBy: { createdAt: "asc" } }),
      db.legalAcceptance.findMany({ where: owner, orderBy: { acceptedAt: "asc" } }),
      db.cookieConsent.findMany({ where: owner, orderBy: { createdAt: "asc" } }),
      db.conversation.findMany({
        where: owner,
        orderBy: { createdAt: "asc" },
        include: { messages: { orderBy: { createdAt: "asc" } } },
      }),
      db.chatSettings.findUnique({ where: owner }),
    ],
  );
  const [entries, grants, holds, monthlyStatements, budget, budgetAlerts, lowBalanceAlert] =
    await Promise.all([
      db.ledgerEntry.findMany({
        where: { accountId },
        orderBy: { id: "asc" },
        select: {
          id: true,
          amount: true,
          balanceAfter: true,
          createdAt: true,
          transaction: { select: { id: true, kind: true, metadata: true } },
        },
      }),
      db.ledgerGrant.findMany({
        where: { accountId },
        orderBy: { createdAt: "asc" },
        include: { draws: { orderBy: { id: "asc" } } },
      }),
      db.ledgerHold.findMany({ where: { accountId }, orderBy: { createdAt: "asc" } }),
      db.monthlyStatement.findMany({
        where: { ownerType: "user", ownerId: userId },
        orderBy: { month: "asc" },
      }),
      db.budget.findUnique({ where: { accountId } }),
      db.budgetAlert.findMany({ where: { accountId }, orderBy: [{ month: "asc" }, { threshold: "asc" }] }),
      db.lowBalanceAlert.findUnique({ where: { accountId } }),
    ]);
  const [
    customer,
    subscriptions,
    checkouts,
    planSwitches,
    payments,
    chargebacks,
    autoTopUp,
    autoTopUpCharges,
  ] = await Promise.all([
    db.billingCustomer.findUnique({ where: owner }),
    db.billingSubscription.findMany({ where: owner, orderBy: { createdAt: "asc" } }),
    db.checkoutIntent.findMany({ where: owner, orderBy: { createdAt: "asc" } }),
    db.planSwitch.findMany({ where: owner, orderBy: { createdAt: "asc" } }),
    db.payment.findMany({ where: owner, orderBy: { createdAt: "asc" } }),
    db.billingDispute.findMany({ where: owner, orderBy: { createdAt: "asc" } }),
    db.autoTopUp.findFirst({ where: { ...owner, teamId: null } }),
    db.autoTopUpCharge.findMany({ where: owner, orderBy: { createdAt: "asc" } }),
  ]);
  const [disputes, notifications, apiKeys, apiRequests, emails, auditEntries, incidents, privacy] =
    await Promise.all([
      db.dispute.findMany({ where: owner, orderBy: { createdAt: "asc" } }),
      db.notification.findMany({ where: owner, orderBy: { createdAt: "asc" } }),
      db.apiKey.findMany({ where: owner, orderBy: { createdAt: "asc" }, omit: { secretHash: true } }),
      db.apiRequest.findMany({ where: owner, orderBy: { createdAt: "asc" } }),
      // Mail linked to the account, and mail sent to its address without a link (e.g. before sign-up).
      db.emailOutbox.findMany({
        where: { OR: [owner, { userId: null, to: user.email }] },
        orderBy: { createdAt: "asc" },
        select: {
          id: true,
          to: true,
          template: true,
          category: true,
          data: true,
          status: true,
          sentAt: true,
          createdAt: true,
        },
      }),
      db.auditLog.findMany({
        where: { OR: [{ actorId: userId }, { targetId: userId }] },
        orderBy: { createdAt: "asc" },
      }),
      db.incident.findMany({ where: { authorId: userId }, orderBy: { createdAt: "asc" } }),
      db.privacyRequest.findMany({ where: owner, orderBy: { createdAt: "asc" } }),
    ]);
  // The categories of optional mail the user turned off (no row: on).
  const emailPreferences = await db.emailOptOut.findMany({
    where: owner,
    orderBy: { createdAt: "asc" },
    select: { category: true, source: true, createdAt: true },
  });
  // Outgoing-webhook endpoints the user configured (never their signing secrets), with deliveries.
  const webhookEndpoints = await db.webhookEndpoint.findMany({
    where: owner,
    orderBy: { createdAt: "asc" },
    omit: { secret: true, previousSecret: true },
    include: {
      deliveries: {
        orderBy: { createdAt: "asc" },
        select: {
          eventId: true,
          eventType: true,
          status: true,
          attempts: true,
          createdAt: true,
          deliveredAt: true,
        },
      },
    },
  });
  // Team memberships (the team, the role, the caps) and invitations to the address or sent by the user.
  const teams = {
    memberships: await db.teamMember.findMany({
      where: owner,
      orderBy: { createdAt: "asc" },
      include: { team: { select: { id: true, name: true, createdAt: true } } },
    }),
    invitations: await db.teamInvite.findMany({
      where: { OR: [{ email: user.email.toLowerCase() }, { invitedBy: userId }] },
      orderBy: { createdAt: "asc" },
      omit: { tokenHash: true, openKey: true },
    }),
  };
  // An admin's decisions on proposed prices (approve / reject).
  const priceDecisions = await db.priceProposal.findMany({
    where: { decidedBy: userId },
    orderBy: { createdAt: "asc" },
  });
  const { oauthAccounts, recoveryCodes, authTokens, ...account } = user;
  return {
    format: "ledgerchat-export/1",
    exportedAt: now,
    account: { ...account, oauthAccounts, recoveryCodes, authTokens },
    sessions,
    guests,
    legalAcceptances,
    cookieConsents,
    conversations,
    chatSettings,
    teams,
    ledger: {
      account: ledgerAccount,
      entries,
      grants,
      holds,
      monthlyStatements,
      budget,
      budgetAlerts,
      lowBalanceAlert,
    },
    billing: {
      customer,
      subscriptions,
      checkouts,
      planSwitches,
      payments,
      chargebacks,
      autoTopUp,
      autoTopUpCharges,
    },
    disputes,
    notifications,
    apiKeys,
    apiRequests,
    webhookEndpoints,
    emails,
    emailPreferences,
    auditEntries,
    incidentsAuthored: incidents,
    privacyRequests: privacy,
    priceDecisions,
  };
}

/** JSON text of the export: BigInt as decimal strings, dates as ISO strings, indented. */
export function exportJson(data: unknown): string {
  return JSON.stringify(data, (_k, v) => (typeof v === "bigint" ? v.toString() : v), 2);
}
