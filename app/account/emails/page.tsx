import type { Metadata } from "next";
import { EmailPreferencesForm } from "@/components/account/email-preferences";
import { AccountNav, Section } from "@/components/auth/account-nav";
import { requireUserPage } from "@/lib/auth/current-user";
import { getDb } from "@/lib/db";
import { getEmailPreferences } from "@/lib/email/preferences";

export const metadata: Metadata = { title: "Email preferences" };

export default async function EmailPreferencesPage() {
  const principal = await requireUserPage("/account/emails");
  const preferences = await getEmailPreferences(await getDb(), principal.userId);
  return (
    <div className="mx-auto max-w-3xl px-4 py-10 sm:px-6">
      <h1 className="text-2xl font-bold text-ink">Your account</h1>
      <AccountNav active="emails" />
      <div className="mt-6 space-y-6">
        <Section title="Emails we send you" id="email-preferences">
          <p className="mb-2 text-sm text-slate-700">
            Turn off what you do not want. Mail about your account&apos;s security and problems that need your
            action always reaches you. Each optional email also has a one-click unsubscribe link.
          </p>
          <EmailPreferencesForm initial={preferences} />
        </Section>
      </div>
    </div>
  );
}
