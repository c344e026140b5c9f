import type { Metadata } from "next";
import Link from "next/link";
import { ForgotPasswordForm } from "@/components/auth/forgot-password-form";
import { AuthCard } from "@/components/auth/form-parts";

export const metadata: Metadata = { title: "Forgot password" };

export default function ForgotPasswordPage() {
  return (
    <AuthCard
      title="Forgot your password?"
      footer={
        <Link href="/sign-in" className="font-medium text-brand-600 hover:text-brand-700">
          ← Back to sign in
        </Link>
      }
    >
      <p className="text-slate-600">
        Enter your email address and we will send you a link to choose a new password. The link also unlocks a
        locked account.
      </p>
      <ForgotPasswordForm />
    </AuthCard>
  );
}
