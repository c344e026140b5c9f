import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { AuthCard, Notice } from "@/components/auth/form-parts";
import { OAuthButtons } from "@/components/auth/oauth-buttons";
import { SignInForm } from "@/components/auth/sign-in-form";
import { getCurrentUser, safeNextPath } from "@/lib/auth/current-user";
import { enabledOAuthProviders } from "@/lib/auth/oauth";

export const metadata: Metadata = { title: "Sign in" };

const OAUTH_ERRORS: Record<string, string> = {
  OAuthAccountNotLinked: "That email address already has an account. Sign in with your password.",
  OAuthTwoFactor: "This account uses two-factor authentication. Sign in with your password and code.",
  OAuthNoEmail: "The provider did not share an email address.",
  AccessDenied: "Sign-in was refused.",
};

type Props = { searchParams: Promise<{ next?: string; callbackUrl?: string; error?: string }> };

export default async function SignInPage({ searchParams }: Props) {
  const { next: rawNext, callbackUrl, error } = await searchParams;
  // Back to where the visitor was (default: the chat); next-auth's callbackUrl is honoured too.
  const next = safeNextPath(rawNext ?? callbackUrl);
  if (await getCurrentUser()) redirect(next);
  return (
    <AuthCard
      title="Sign in"
      footer={
        <p>
          New here?{" "}
          <Link
            href={next === "/chat" ? "/sign-up" : `/sign-up?next=${encodeURIComponent(next)}`}
            className="font-medium text-brand-600 hover:text-brand-700"
          >
            Create an account
          </Link>
        </p>
      }
    >
      {error && OAUTH_ERRORS[error] ? <Notice tone="error">{OAUTH_ERRORS[error]}</Notice> : null}
      <SignInForm next={next} />
      <OAuthButtons providers={enabledOAuthProviders()} next={next} />
    </AuthCard>
  );
}
