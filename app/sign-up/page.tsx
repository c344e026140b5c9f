import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { AuthCard } from "@/components/auth/form-parts";
import { OAuthButtons } from "@/components/auth/oauth-buttons";
import { SignUpForm } from "@/components/auth/sign-up-form";
import { getCurrentUser, safeNextPath } from "@/lib/auth/current-user";
import { enabledOAuthProviders } from "@/lib/auth/oauth";

export const metadata: Metadata = { title: "Sign up" };

type Props = { searchParams: Promise<{ next?: string }> };

export default async function SignUpPage({ searchParams }: Props) {
  const next = safeNextPath((await searchParams).next);
  if (await getCurrentUser()) redirect(next);
  return (
    <AuthCard
      title="Create your account"
      footer={
        <p>
          Already have an account?{" "}
          <Link
            href={`/sign-in?next=${encodeURIComponent(next)}`}
            className="font-medium text-brand-600 hover:text-brand-700"
          >
            Sign in
          </Link>
        </p>
      }
    >
      <p className="text-slate-600">Your guest chats and remaining trial PT come with you.</p>
      <SignUpForm next={next} />
      <OAuthButtons providers={enabledOAuthProviders()} next={next} />
    </AuthCard>
  );
}
