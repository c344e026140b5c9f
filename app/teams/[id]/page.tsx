// /teams/:id: the team as its member sees it: the pool and the team cap, members with their caps
// (managed by owners and admins), open invitations, conversations shared with the team and the
// caller's own in it (to share). Read through lib/teams; changes go through /api/teams/**.
// Not found for non-members and while the teams flag is off.
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Section } from "@/components/auth/account-nav";
import { InvitesPanel } from "@/components/teams/invites-panel";
import { MembersPanel } from "@/components/teams/members-panel";
import { LeaveTeam, PoolPanel, ShareToggle } from "@/components/teams/pool-panel";
import type { TeamView } from "@/components/teams/types";
import { requireUserPage } from "@/lib/auth/current-user";
import { getDb } from "@/lib/db";
import { bigintReplacer, isAppError } from "@/lib/errors";
import { listMine, listShared } from "@/lib/teams/sharing";
import { getTeam } from "@/lib/teams/teams";

export const metadata: Metadata = { title: "Team" };
export const dynamic = "force-dynamic";

type Props = { params: Promise<{ id: string }> };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

async function load(teamId: string, userId: string) {
  const db = await getDb();
  try {
    const [team, shared, mine] = await Promise.all([
      getTeam(db, { teamId, userId }),
      listShared(db, { teamId, userId }),
      listMine(db, { teamId, userId }),
    ]);
    return { team: JSON.parse(JSON.stringify(team, bigintReplacer)) as TeamView, shared, mine };
  } catch (error) {
    if (isAppError(error) && error.code === "not_found") notFound();
    throw error;
  }
}

export default async function TeamPage({ params }: Props) {
  const { id } = await params;
  const principal = await requireUserPage(`/teams/${id}`);
  if (!UUID.test(id)) notFound();
  const { team, shared, mine } = await load(id, principal.userId);
  return (
    <div className="mx-auto max-w-3xl px-4 py-10 sm:px-6">
      <p className="text-sm">
        <Link href="/teams" className="text-brand-700 underline">
          Teams
        </Link>
      </p>
      <h1 className="mt-1 text-2xl font-bold text-ink" data-testid="team-name">
        {team.name}
      </h1>
      <p className="mt-1 text-slate-600">Your role: {team.role}</p>
      {team.permissions.billing ? (
        <p className="mt-2">
          <Link
            href={`/teams/${team.id}/billing`}
            className="font-medium text-brand-700 underline"
            data-testid="team-billing-link"
          >
            Billing: seats, allowance and top-ups
          </Link>
        </p>
      ) : null}
      {team.permissions.manageMembers ? (
        <p className="mt-1">
          <Link
            href={`/teams/${team.id}/usage`}
            className="font-medium text-brand-700 underline"
            data-testid="team-usage-link"
          >
            Usage by member and model, ledger CSV and audit log
          </Link>
        </p>
      ) : null}
      <div className="mt-6 space-y-6">
        <Section title="Shared pool" id="pool">
          <PoolPanel team={team} />
        </Section>
        <Section title="Members" id="members">
          <MembersPanel team={team} me={principal.userId} />
        </Section>
        {team.permissions.manageMembers ? (
          <Section title="Invitations" id="invitations">
            <InvitesPanel team={team} />
          </Section>
        ) : null}
        <Section title="Shared conversations" id="shared">
          {shared.length === 0 ? (
            <p className="text-slate-600">
              Nothing shared yet. Members share their conversations from the list below.
            </p>
          ) : (
            <ul className="divide-y divide-slate-200">
              {shared.map((c) => (
                <li key={c.id} className="py-2">
                  <Link
                    href={`/teams/${team.id}/shared/${c.id}`}
                    className="font-medium text-brand-700 underline"
                  >
                    {c.title}
                  </Link>
                </li>
              ))}
            </ul>
          )}
        </Section>
        {team.role !== "viewer" ? (
          <Section title="Your conversations in this team" id="mine">
            <p className="mb-3 text-sm text-slate-600">
              Private to you unless you share them; viewers and members can then read them.
            </p>
            {mine.length === 0 ? (
              <p className="text-slate-600">
                None yet. Switch to this team in the header, then{" "}
                <Link href="/chat" className="text-brand-700 underline">
                  chat
                </Link>
                .
              </p>
            ) : (
              <ul className="divide-y divide-slate-200">
                {mine.map((c) => (
                  <li key={c.id} className="flex flex-wrap items-center justify-between gap-2 py-2">
                    <span className="text-slate-800">{c.title}</span>
                    <ShareToggle teamId={team.id} conversationId={c.id} shared={c.sharedAt !== null} />
                  </li>
                ))}
              </ul>
            )}
          </Section>
        ) : null}
        <Section title="Leave" id="leave">
          <LeaveTeam team={team} />
        </Section>
      </div>
    </div>
  );
}
