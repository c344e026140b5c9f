"use client";
// The team's pool (PT available, held by requests in progress) and its daily cap (owners and
// admins set it); leaving the team, after a confirmation.
import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import { Notice } from "@/components/auth/form-parts";
import { ConfirmButton } from "@/components/teams/confirm-button";
import { pt, type TeamView } from "@/components/teams/types";
import { useTeamAction } from "@/components/teams/use-team-action";
import { setActiveTeam } from "@/components/teams/workspace-cookie";
import { api } from "@/lib/auth/client";

export function PoolPanel({ team }: { team: TeamView }) {
  const [cap, setCap] = useState(team.dailyCapPt ?? "");
  const capId = useId();
  const { pending, outcome, run } = useTeamAction();
  return (
    <div className="space-y-3">
      <p className="text-slate-800">
        Available: <strong data-testid="pool-available">{pt(team.pool.available)}</strong>
        {team.pool.pending !== "0" ? (
          <span className="text-slate-600"> ({pt(team.pool.pending)} held by replies in progress)</span>
        ) : null}
      </p>
      <p className="text-sm text-slate-600">Team daily cap: {pt(team.dailyCapPt)}</p>
      {team.permissions.manageMembers ? (
        <form
          noValidate
          aria-label="Team daily cap"
          className="space-y-1"
          onSubmit={(e) => {
            e.preventDefault();
            void run(
              `/api/teams/${team.id}`,
              { method: "PATCH", body: { dailyCapPt: cap.trim() || null } },
              "Team cap saved.",
            );
          }}
        >
          {/* The label on its own line, the input and its button side by side under it: inside a
              wrapping label the button sat after the label's whole width, far from the input. */}
          <label htmlFor={capId} className="block text-sm text-slate-700">
            Daily cap for the whole team (PT; empty: none)
          </label>
          <div className="flex flex-wrap items-center gap-2">
            <input
              id={capId}
              inputMode="numeric"
              value={cap}
              onChange={(e) => setCap(e.target.value)}
              className="block w-40 rounded-md border border-slate-300 bg-page px-2 py-1"
            />
            <button
              type="submit"
              disabled={pending}
              className="rounded-md bg-brand-600 px-3 py-1.5 text-sm font-semibold text-white hover:bg-brand-700 disabled:opacity-60"
            >
              Save team cap
            </button>
          </div>
        </form>
      ) : null}
      {outcome ? <Notice tone={outcome.tone}>{outcome.text}</Notice> : null}
    </div>
  );
}

export function LeaveTeam({ team }: { team: TeamView }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  return (
    <div className="space-y-2">
      <ConfirmButton
        label="Leave team"
        title={`Leave ${team.name}?`}
        confirmLabel="Leave"
        onConfirm={async () => {
          const result = await api(`/api/teams/${team.id}/leave`, { method: "POST" });
          if (!result.ok) return setError(result.error.message);
          setActiveTeam(null);
          router.push("/teams");
          router.refresh();
        }}
      >
        You lose access to its pool and its shared conversations. Your own conversations in it stay yours.
      </ConfirmButton>
      {error ? <Notice tone="error">{error}</Notice> : null}
    </div>
  );
}

export function ShareToggle({
  teamId,
  conversationId,
  shared,
}: {
  teamId: string;
  conversationId: string;
  shared: boolean;
}) {
  const { pending, outcome, run } = useTeamAction();
  return (
    <span className="flex items-center gap-2">
      <button
        type="button"
        disabled={pending}
        aria-pressed={shared}
        onClick={() =>
          void run(
            `/api/teams/${teamId}/shared/${conversationId}`,
            { method: shared ? "DELETE" : "PUT" },
            shared ? "No longer shared." : "Shared with the team.",
          )
        }
        className="rounded-md border border-slate-300 px-2.5 py-1 text-sm font-medium text-slate-800 hover:bg-slate-50 disabled:opacity-60"
      >
        {shared ? "Stop sharing" : "Share with team"}
      </button>
      {outcome?.tone === "error" ? <span className="text-sm text-red-700">{outcome.text}</span> : null}
    </span>
  );
}
