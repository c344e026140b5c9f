// The landing page of an unsubscribe link (the mail footer's link, or a GET of the one-click URL).
// Opening it changes nothing (mail scanners open links); the button does. No sign-in needed: the
// signed token names the user and the category.
import type { Metadata } from "next";
import Link from "next/link";
import { Notice } from "@/components/auth/form-parts";
import { UnsubscribeConfirm } from "@/components/email/unsubscribe-confirm";
import { getDb } from "@/lib/db";
import { describeUnsubscribeToken } from "@/lib/email/preferences";
import { PREFERENCES_PATH } from "@/lib/email/unsubscribe-token";
import { getOperatorSettings } from "@/lib/settings/operator";

export const metadata: Metadata = { title: "Unsubscribe", robots: { index: false } };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function UnsubscribePage({ searchParams }: Props) {
  const params = await searchParams;
  const token = typeof params.token === "string" ? params.token.slice(0, 200) : "";
  const done = params.done === "1";
  const db = await getDb();
  const [target, operator] = await Promise.all([
    token ? describeUnsubscribeToken(db, token) : null,
    getOperatorSettings(db),
  ]);
  return (
    <div className="mx-auto max-w-xl px-4 py-12 sm:px-6">
      <h1 className="text-2xl font-bold text-ink">Email preferences</h1>
      <div className="mt-6 space-y-4 rounded-xl border border-slate-200 p-5">
        {!target ? (
          <Notice tone="error">
            This unsubscribe link is not valid. It may have been cut short by your mail program: open it again
            from the email, or change your preferences in your account.
          </Notice>
        ) : done || target.alreadyOff ? (
          <Notice tone="success">
            You are unsubscribed from {target.label.toLowerCase()} emails from {operator.productName}.
            Security emails still reach you.
          </Notice>
        ) : (
          <>
            <p className="text-slate-700">
              Stop receiving <strong className="font-semibold text-ink">{target.label.toLowerCase()}</strong>{" "}
              emails from {operator.productName}?
            </p>
            <p className="text-sm text-slate-600">{target.description}</p>
            <UnsubscribeConfirm token={token} label={target.label} />
          </>
        )}
        <p className="text-sm text-slate-600">
          All categories, and turning one back on:{" "}
          <Link href={PREFERENCES_PATH} className="font-medium text-brand-600 underline">
            your email preferences
          </Link>{" "}
          (sign-in needed).
        </p>
      </div>
    </div>
  );
}
