"use client";
// The members of a team: role and caps for everyone to see; owners and admins edit the caps and
// roles of members they outrank and remove them; owners hand the team over. Each destructive
// action asks first.
import { useState } from "react";
import { Notice } from "@/components/auth/form-parts";
import { ConfirmButton } from "@/components/teams/confirm-button";
import { type MemberView, pt, type TeamView } from "@/components/teams/types";
import { useTeamAction } from "@/components/teams/use-team-action";

const RANK: Record<string, number> = { owner: 3, admin: 2, member: 1, viewer: 0 };

/** A PT cap field: a whole number, or empty for none (the API validates). */
function CapInput({
  label,
  value,
  onChange,
}: {
  label: string;
  value: string;
  onChange: (v: string) => void;
}) {
  return (
    <label className="text-sm text-slate-700">
      {label}
      <input
        inputMode="numeric"
        value={value}
        onChange={(e) => onChange(e.target.value)}
        placeholder="none"
        className="mt-1 block w-32 rounded-md border border-slate-300 bg-page px-2 py-1"
      />
    </label>
  );
}

function CapsForm({ team, member }: { team: TeamView; member: MemberView }) {
  const [daily, setDaily] = useState(member.dailyCapPt ?? "");
  const [monthly, setMonthly] = useState(member.monthlyCapPt ?? "");
  const { pending, outcome, run } = useTeamAction();
  const label = member.name || member.email;
  return (
    <form
      noValidate
      aria-label={`Caps of ${label}`}
      className="mt-2 flex flex-wrap items-end gap-2"
      onSubmit={(e) => {
        e.preventDefault();
        void run(
          `/api/teams/${team.id}/members/${member.userId}`,
          {
            method: "PATCH",
            body: { dailyCapPt: daily.trim() || null, monthlyCapPt: monthly.trim() || null },
          },
          "Caps saved.",
        );
      }}
    >
      <CapInput label="Daily cap (PT)" value={daily} onChange={setDaily} />
      <CapInput label="Monthly cap (PT)" value={monthly} onChange={setMonthly} />
      <button
        type="submit"
        disabled={pending}
        className="rounded-md bg-brand-600 px-3 py-1.5 text-sm font-semibold text-white hover:bg-brand-700 disabled:opacity-60"
      >
        Save caps
      </button>
      {outcome ? <Notice tone={outcome.tone}>{outcome.text}</Notice> : null}
    </form>
  );
}

function MemberRow({ team, member, me }: { team: TeamView; member: MemberView; me: string }) {
  const { pending, outcome, run } = useTeamAction();
  const label = member.name || member.email;
  const mine = member.userId === me;
  const outranked = team.role === "owner" || (RANK[team.role] ?? 0) > (RANK[member.role] ?? 0);
  const manage = team.permissions.manageMembers && (mine || outranked) && member.role !== "owner";
  const roles = team.assignableRoles.filter((r) => r !== member.role);
  return (
    <li className="py-3" data-testid="team-member">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <div>
          <p className="font-medium text-ink">{label}</p>
          <p className="text-sm text-slate-600">
            {member.role} · daily {pt(member.dailyCapPt)} · monthly {pt(member.monthlyCapPt)}
          </p>
        </div>
        <div className="flex flex-wrap gap-2">
          {manage && !mine && roles.length > 0 ? (
            <label className="text-sm text-slate-700">
              <span className="sr-only">Role of {label}</span>
              <select
                value=""
                disabled={pending}
                onChange={(e) =>
                  void run(
                    `/api/teams/${team.id}/members/${member.userId}`,
                    { method: "PATCH", body: { role: e.target.value } },
                    "Role changed.",
                  )
                }
                className="rounded-md border border-slate-300 bg-page px-2 py-1"
              >
                <option value="">Change role…</option>
                {roles.map((r) => (
                  <option key={r} value={r}>
                    {r}
                  </option>
                ))}
              </select>
            </label>
          ) : null}
          {team.permissions.own && !mine && member.role !== "viewer" ? (
            <ConfirmButton
              label="Make owner"
              title={`Hand ${team.name} to ${label}?`}
              confirmLabel="Transfer ownership"
              disabled={pending}
              onConfirm={() =>
                void run(
                  `/api/teams/${team.id}/transfer`,
                  { method: "POST", body: { userId: member.userId } },
                  "Ownership transferred.",
                )
              }
            >
              They become the owner; you stay on as an admin.
            </ConfirmButton>
          ) : null}
          {manage && !mine ? (
            <ConfirmButton
              label="Remove"
              title={`Remove ${label} from ${team.name}?`}
              confirmLabel="Remove member"
              disabled={pending}
              onConfirm={() =>
                void run(
                  `/api/teams/${team.id}/members/${member.userId}`,
                  { method: "DELETE" },
                  "Member removed.",
                )
              }
            >
              They can no longer chat from the team's pool or read its shared conversations.
            </ConfirmButton>
          ) : null}
        </div>
      </div>
      {team.permissions.manageMembers && outranked ? <CapsForm team={team} member={member} /> : null}
      {outcome ? (
        <div className="mt-2">
          <Notice tone={outcome.tone}>{outcome.text}</Notice>
        </div>
      ) : null}
    </li>
  );
}

export function MembersPanel({ team, me }: { team: TeamView; me: string }) {
  return (
    <ul className="divide-y divide-slate-200" aria-label="Members">
      {team.members.map((m) => (
        <MemberRow key={m.userId} team={team} member={m} me={me} />
      ))}
    </ul>
  );
}
