import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { AuthCard } from "@/components/auth/form-parts";
import { OAuthButtons } from "@/components/auth/oauth-buttons";
import { SignUpForm } from "@/components/auth/sign-up-form";
import { getCurrentUser } from "@/lib/auth/current-user";
import { enabledOAuthProviders } from "@/lib/auth/oauth";

export const metadata: Metadata = { title: "Sign up" };

export default async function SignUpPage() {
  if (await getCurrentUser()) redirect("/account");
  return (
    <AuthCard
      title="Create your account"
      footer={
        <p>
          Already have an account?{" "}
          <Link href="/sign-in" className="font-medium text-brand-600 hover:text-brand-700">
            Sign in
          </Link>
        </p>
      }
    >
      <p className="text-slate-600">Your guest chats and remaining trial PT come with you.</p>
      <SignUpForm />
      <OAuthButtons providers={enabledOAuthProviders()} next="/account" />
    </AuthCard>
  );
}
