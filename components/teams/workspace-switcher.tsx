"use client";
// The header's workspace switcher: personal or one of the user's teams. Switching stores the
// choice (workspace-cookie.ts) and opens the chat in that workspace; a team the user left falls
// back to personal.
import { useEffect } from "react";
import { setActiveTeam } from "@/components/teams/workspace-cookie";

export function WorkspaceSwitcher({
  teams,
  active,
}: {
  teams: { id: string; name: string }[];
  active: string | null;
}) {
  const current = active && teams.some((t) => t.id === active) ? active : "";
  // A stored team the user is no longer in (or teams turned off) falls back to personal.
  useEffect(() => {
    if (active && !current) setActiveTeam(null);
  }, [active, current]);
  if (teams.length === 0) return null;
  return (
    <label className="flex items-center gap-1 rounded-md px-2 py-1 text-slate-700">
      <span className="sr-only sm:not-sr-only">Workspace</span>
      <select
        data-testid="workspace-switcher"
        value={current}
        onChange={(event) => {
          setActiveTeam(event.target.value || null);
          // A full load: the chat's client state (messages, list) belongs to the old workspace.
          window.location.assign("/chat");
        }}
        className="max-w-40 truncate rounded-md border border-slate-300 bg-page px-2 py-1 text-sm"
      >
        <option value="">Personal</option>
        {teams.map((t) => (
          <option key={t.id} value={t.id}>
            {t.name}
          </option>
        ))}
      </select>
    </label>
  );
}
