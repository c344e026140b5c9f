import type { Metadata } from "next";
import Link from "next/link";
import { DeleteAccountForm, ExportDataForm, KeepHistoryToggle } from "@/components/account/privacy-forms";
import { AccountNav, Section } from "@/components/auth/account-nav";
import { getAccount } from "@/lib/auth/account";
import { requireUserPage } from "@/lib/auth/current-user";
import { getKeepHistory } from "@/lib/chat/settings";
import { getDb } from "@/lib/db";
import { deletionPreview } from "@/lib/privacy/request-deletion";

export const metadata: Metadata = { title: "Privacy" };

export default async function PrivacyPage() {
  const principal = await requireUserPage("/account/privacy");
  const db = await getDb();
  const [account, preview, keepHistory] = await Promise.all([
    getAccount(db, principal.userId),
    deletionPreview(db, principal.userId),
    getKeepHistory(db, principal.userId),
  ]);
  return (
    <div className="mx-auto max-w-3xl px-4 py-10 sm:px-6">
      <h1 className="text-2xl font-bold text-ink">Your account</h1>
      <AccountNav active="privacy" />
      <div className="mt-6 space-y-6">
        <Section title="Download your data" id="export">
          <p className="mb-4 text-sm text-slate-700">
            A zip with everything we store about you: your account, sessions, conversations and messages, PT
            ledger, grants and holds, payments and disputes, API keys (never their secrets), emails we sent
            you, consents, and audit entries about you — as JSON, plus CSV files for the ledger and payments.
            Confirm it is you first.
          </p>
          {account.hasPassword ? <ExportDataForm twoFactor={account.twoFactorEnabled} /> : <NoPassword />}
        </Section>
        <Section title="Conversation history" id="history">
          <KeepHistoryToggle initial={keepHistory} />
        </Section>
        <Section title="Delete your account" id="delete">
          {account.hasPassword ? (
            <DeleteAccountForm
              twoFactor={account.twoFactorEnabled}
              ptToForfeit={preview.ptToForfeit.toString()}
              graceDays={preview.graceDays}
            />
          ) : (
            <NoPassword />
          )}
          <p className="mt-4 text-sm text-slate-600">
            What is kept after a deletion, and for how long, is in the{" "}
            <Link href="/legal/privacy" className="text-brand-600 underline">
              Privacy Policy
            </Link>
            .
          </p>
        </Section>
      </div>
    </div>
  );
}

function NoPassword() {
  return (
    <p className="text-sm text-slate-600">
      You sign in with an external provider. To confirm it is you, set a password first with “Forgot password”
      on the sign-in page, or ask us by email.
    </p>
  );
}
