// Runs once when the server starts. On the embedded default this opens PGlite, applies pending
// migrations and seeds on first start, so the first request does not pay for it.
export async function register(): Promise<void> {
  // NEXT_RUNTIME is set by Next itself (not configuration), so it is read here directly.
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { getDb } = await import("@/lib/db");
  await getDb();
}
