import type { Metadata } from "next";
import Link from "next/link";
import { NotificationsPanel } from "@/components/account/notifications";
import {
  ChangeEmailForm,
  ChangePasswordForm,
  ProfileForm,
  ResendVerification,
} from "@/components/auth/account-forms";
import { AccountNav, Section } from "@/components/auth/account-nav";
import { Notice } from "@/components/auth/form-parts";
import { getAccount } from "@/lib/auth/account";
import { requireUserPage, safeNextPath } from "@/lib/auth/current-user";
import { getDb } from "@/lib/db";
import { isDevMailboxEnabled } from "@/lib/email/dev-mailbox";
import { getOperatorSettings } from "@/lib/settings/operator";

export const metadata: Metadata = { title: "Account" };

type Props = { searchParams: Promise<{ welcome?: string; next?: string }> };

export default async function AccountPage({ searchParams }: Props) {
  const principal = await requireUserPage("/account");
  const db = await getDb();
  const [account, operator] = await Promise.all([getAccount(db, principal.userId), getOperatorSettings(db)]);
  const { welcome, next } = await searchParams;
  return (
    <div className="mx-auto max-w-3xl px-4 py-10 sm:px-6">
      <h1 className="text-2xl font-bold text-ink">Your account</h1>
      <AccountNav active="profile" />
      <div className="mt-6 space-y-6">
        {welcome ? (
          <Notice tone="success">
            Welcome to {operator.productName}! We sent a link to {account.email} to verify it
            {isDevMailboxEnabled() ? (
              <>
                {" "}
                (on this local install mail lands in the{" "}
                <Link href="/dev/mail" className="font-semibold underline">
                  mailbox
                </Link>
                )
              </>
            ) : null}
            .{" "}
            <Link href={safeNextPath(next)} className="font-semibold underline">
              {safeNextPath(next).startsWith("/chat") ? "Continue to chat" : "Continue"}
            </Link>
          </Notice>
        ) : null}
        <NotificationsPanel userId={principal.userId} />
        {account.status === "frozen" ? (
          <Notice tone="error">
            This account is frozen: you can sign in and read, but not spend or buy PT.
          </Notice>
        ) : null}
        <Section title="Email address" id="email">
          <p className="mb-4 text-slate-700">
            <span data-testid="account-email">{account.email}</span> —{" "}
            {account.emailVerified ? (
              <span className="font-medium text-green-700">verified</span>
            ) : (
              <span className="font-medium text-amber-700">
                not verified: verify it to buy PT and use paid models
              </span>
            )}
          </p>
          {account.emailVerified ? null : <ResendVerification />}
          {account.hasPassword ? (
            <div className="mt-6">
              <ChangeEmailForm twoFactor={account.twoFactorEnabled} />
            </div>
          ) : null}
        </Section>
        <Section title="Profile" id="profile">
          <ProfileForm name={account.name} />
        </Section>
        <Section title="Password" id="password">
          {account.hasPassword ? (
            <ChangePasswordForm twoFactor={account.twoFactorEnabled} />
          ) : (
            <p className="text-slate-600">
              You sign in with an external provider. Use “Forgot password” on the sign-in page to set a
              password.
            </p>
          )}
        </Section>
        <Section title="Legal and privacy" id="legal">
          <ul className="flex flex-wrap gap-4 text-sm">
            <li>
              <Link href="/legal/terms" className="text-brand-600 underline">
                Terms of Service
              </Link>
            </li>
            <li>
              <Link href="/legal/privacy" className="text-brand-600 underline">
                Privacy Policy
              </Link>
            </li>
            <li>
              <Link href="/legal/refunds" className="text-brand-600 underline">
                Refund Policy
              </Link>
            </li>
            <li>
              <Link href="/legal/cookies" className="text-brand-600 underline">
                Cookie Policy
              </Link>
            </li>
          </ul>
          <p className="mt-2 text-sm text-slate-600">
            Questions about your data:{" "}
            <a className="underline" href={`mailto:${operator.supportEmail}`}>
              {operator.supportEmail}
            </a>
            .
          </p>
        </Section>
      </div>
    </div>
  );
}
