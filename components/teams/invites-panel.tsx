"use client";
// Invitations (owners and admins): invite an address with a role; resend (a new link) or revoke
// (after a confirmation) the open ones.
import { type FormEvent, useState } from "react";
import { Field, Notice, SubmitButton } from "@/components/auth/form-parts";
import { ConfirmButton } from "@/components/teams/confirm-button";
import type { TeamView } from "@/components/teams/types";
import { useTeamAction } from "@/components/teams/use-team-action";

export function InvitesPanel({ team }: { team: TeamView }) {
  const [email, setEmail] = useState("");
  const [role, setRole] = useState(
    team.assignableRoles.includes("member") ? "member" : team.assignableRoles[0],
  );
  const { pending, outcome, run } = useTeamAction();

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (
      await run(
        `/api/teams/${team.id}/invites`,
        { method: "POST", body: { email, role } },
        `Invitation sent to ${email}.`,
      )
    )
      setEmail("");
  }

  return (
    <div className="space-y-4">
      <form noValidate onSubmit={onSubmit} className="space-y-3" aria-label="Invite someone">
        <Field
          label="Email address"
          name="email"
          type="email"
          autoComplete="off"
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          required
        />
        <label className="block text-sm font-medium text-slate-800">
          Role
          <select
            name="role"
            value={role}
            onChange={(e) => setRole(e.target.value as typeof role)}
            className="mt-1 block rounded-md border border-slate-300 bg-page px-2 py-1.5"
          >
            {team.assignableRoles.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </select>
        </label>
        <SubmitButton pending={pending} pendingText="Sending…">
          Send invitation
        </SubmitButton>
      </form>
      {outcome ? <Notice tone={outcome.tone}>{outcome.text}</Notice> : null}
      {team.invites.length === 0 ? (
        <p className="text-sm text-slate-600">No open invitations.</p>
      ) : (
        <ul className="divide-y divide-slate-200" aria-label="Open invitations">
          {team.invites.map((i) => (
            <li key={i.id} className="flex flex-wrap items-center justify-between gap-2 py-2">
              <span className="text-sm text-slate-800">
                {i.email} · {i.role} · expires {new Date(i.expiresAt).toLocaleDateString()}
              </span>
              <span className="flex gap-2">
                <button
                  type="button"
                  disabled={pending}
                  onClick={() =>
                    void run(
                      `/api/teams/${team.id}/invites/${i.id}/resend`,
                      { method: "POST" },
                      "Sent again, with a new link.",
                    )
                  }
                  className="rounded-md border border-slate-300 px-2.5 py-1 text-sm font-medium text-slate-800 hover:bg-slate-50"
                >
                  Resend
                </button>
                <ConfirmButton
                  label="Revoke"
                  title={`Revoke the invitation to ${i.email}?`}
                  confirmLabel="Revoke"
                  disabled={pending}
                  onConfirm={() =>
                    void run(
                      `/api/teams/${team.id}/invites/${i.id}`,
                      { method: "DELETE" },
                      "Invitation revoked.",
                    )
                  }
                >
                  Its link stops working.
                </ConfirmButton>
              </span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
