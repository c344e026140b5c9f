import type { Metadata } from "next";
import { AccountNav, Section } from "@/components/auth/account-nav";
import { Notice } from "@/components/auth/form-parts";
import { SessionsPanel } from "@/components/auth/sessions-panel";
import { TwoFactorPanel } from "@/components/auth/two-factor-panel";
import { getAccount } from "@/lib/auth/account";
import { requireUserPage } from "@/lib/auth/current-user";
import { getDb } from "@/lib/db";

export const metadata: Metadata = { title: "Security" };

type Props = { searchParams: Promise<{ required?: string }> };

export default async function SecurityPage({ searchParams }: Props) {
  const principal = await requireUserPage("/account/security");
  const account = await getAccount(await getDb(), principal.userId);
  const { required } = await searchParams;
  return (
    <div className="mx-auto max-w-3xl px-4 py-10 sm:px-6">
      <h1 className="text-2xl font-bold text-ink">Security</h1>
      <AccountNav active="security" />
      <div className="mt-6 space-y-6">
        {required === "2fa" && !account.twoFactorEnabled ? (
          <Notice tone="error">
            Administrators must turn on two-factor authentication before using admin pages.
          </Notice>
        ) : null}
        <Section title="Two-factor authentication" id="two-factor">
          {account.hasPassword ? (
            <TwoFactorPanel
              enabled={account.twoFactorEnabled}
              recoveryCodesLeft={account.recoveryCodesLeft}
            />
          ) : (
            <p className="text-slate-600">
              Set a password first (“Forgot password” on the sign-in page), then turn on two-factor
              authentication.
            </p>
          )}
        </Section>
        <Section title="Sessions" id="sessions">
          <SessionsPanel />
        </Section>
      </div>
    </div>
  );
}
