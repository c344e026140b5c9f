// /teams: the user's teams (with their role) and a form to create one. Read through lib/teams;
// creation goes through POST /api/teams. Not found while the teams flag is off.
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Section } from "@/components/auth/account-nav";
import { CreateTeamForm } from "@/components/teams/create-team-form";
import { requireUserPage } from "@/lib/auth/current-user";
import { getDb } from "@/lib/db";
import { isEnabled } from "@/lib/settings/flags";
import { listTeams } from "@/lib/teams/teams";

export const metadata: Metadata = { title: "Teams" };
export const dynamic = "force-dynamic";

export default async function TeamsPage() {
  const principal = await requireUserPage("/teams");
  const db = await getDb();
  if (!(await isEnabled("teams", db))) notFound();
  const teams = await listTeams(db, principal.userId);
  return (
    <div className="mx-auto max-w-3xl px-4 py-10 sm:px-6">
      <h1 className="text-2xl font-bold text-ink">Teams</h1>
      <p className="mt-2 text-slate-700">
        A team shares one PT pool: its members chat and call the API from it, each within the caps its owners
        and admins set. Switch workspaces in the header.
      </p>
      <div className="mt-6 space-y-6">
        <Section title="Your teams" id="your-teams">
          {teams.length === 0 ? (
            <p className="text-slate-600">
              You are not in a team yet. Create one below, or accept an invitation.
            </p>
          ) : (
            <ul className="divide-y divide-slate-200" data-testid="team-list">
              {teams.map((t) => (
                <li key={t.id} className="flex flex-wrap items-center justify-between gap-2 py-3">
                  <Link href={`/teams/${t.id}`} className="font-medium text-brand-700 underline">
                    {t.name}
                  </Link>
                  <span className="rounded-full bg-slate-100 px-2 py-0.5 text-xs font-medium text-slate-700">
                    {t.role}
                  </span>
                </li>
              ))}
            </ul>
          )}
        </Section>
        <Section title="Create a team" id="create-team">
          <CreateTeamForm />
        </Section>
      </div>
    </div>
  );
}
