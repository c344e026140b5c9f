"use client";
import { useState } from "react";
import { useHydrated } from "@/components/auth/form-parts";
import { signOutRequest } from "@/lib/auth/client";

export function SignOutButton({ className }: { className?: string }) {
  const [pending, setPending] = useState(false);
  const hydrated = useHydrated();
  return (
    <button
      type="button"
      disabled={pending || !hydrated}
      className={className}
      onClick={async () => {
        setPending(true);
        await signOutRequest().catch(() => undefined);
        window.location.assign("/");
      }}
    >
      {pending ? "Signing out…" : "Sign out"}
    </button>
  );
}
