// Next.js startup hook: refuse to start a production deployment without NEXTAUTH_SECRET
// (instead of failing on the first sign-in).
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { assertAuthConfig } = await import("@/lib/auth/secret");
  assertAuthConfig();
}
