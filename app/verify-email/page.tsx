import type { Metadata } from "next";
import Link from "next/link";
import { AuthCard, Notice } from "@/components/auth/form-parts";
import { VerifyEmailButton } from "@/components/auth/verify-email-button";

export const metadata: Metadata = { title: "Verify your email", referrer: "no-referrer" };

type Props = { searchParams: Promise<{ token?: string }> };

export default async function VerifyEmailPage({ searchParams }: Props) {
  const { token } = await searchParams;
  return (
    <AuthCard title="Verify your email address">
      {token ? (
        <VerifyEmailButton token={token} />
      ) : (
        <Notice tone="error">
          This link is incomplete. Request a new one from{" "}
          <Link href="/account" className="font-semibold underline">
            your account
          </Link>
          .
        </Notice>
      )}
    </AuthCard>
  );
}
