"use client";
// The header's "Sign in" link carries the page the visitor is on, so signing in returns there
// (the sign-in page validates it as a same-origin path; without one it goes to the chat).
import Link from "next/link";
import { usePathname } from "next/navigation";

const NO_RETURN = ["/", "/sign-in", "/sign-up", "/forgot-password", "/reset-password", "/verify-email"];

export function SignInLink({ className }: { className: string }) {
  const pathname = usePathname();
  const href =
    !pathname || NO_RETURN.includes(pathname) ? "/sign-in" : `/sign-in?next=${encodeURIComponent(pathname)}`;
  return (
    <Link href={href} className={className}>
      Sign in
    </Link>
  );
}
