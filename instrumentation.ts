// Runs once when the server starts: refuse a production deployment without NEXTAUTH_SECRET
// (instead of failing on the first sign-in), then open the database. On the embedded default
// that applies pending migrations and seeds on first start, so no request pays for it.
export async function register(): Promise<void> {
  // NEXT_RUNTIME is set by Next itself (not configuration), so it is read here directly.
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { assertAuthConfig } = await import("@/lib/auth/secret");
  assertAuthConfig();
  const { getDb } = await import("@/lib/db");
  await getDb();
}
