// The active workspace, as the browser remembers it: a cookie holding a team id (absent: personal).
// Only a preference: every request that spends in a team is checked on the server (membership,
// role, caps), so a stale or forged value buys nothing.
export const WORKSPACE_COOKIE = "lc_workspace";
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The team id of the active workspace, or undefined for the personal one. */
export function activeTeamId(): string | undefined {
  if (typeof document === "undefined") return undefined;
  const pair = document.cookie.split("; ").find((c) => c.startsWith(`${WORKSPACE_COOKIE}=`));
  const value = pair?.slice(WORKSPACE_COOKIE.length + 1);
  return value && UUID.test(value) ? value : undefined;
}

export function setActiveTeam(teamId: string | null): void {
  // biome-ignore lint/suspicious/noDocumentCookie: a fixed name and a checked UUID; the Cookie Store API is not in every browser we support.
  document.cookie = teamId
    ? `${WORKSPACE_COOKIE}=${teamId}; path=/; max-age=31536000; samesite=lax`
    : `${WORKSPACE_COOKIE}=; path=/; max-age=0; samesite=lax`;
}
