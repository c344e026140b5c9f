// /teams/invite/:token: the page an invitation mail links to. Signed out → sign in (or sign up)
// and come back; signed in with the invited address → the team, the role, Accept and Decline.
// Any other account, a used, revoked or expired link: a clear message. Not found while teams are off.
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Notice } from "@/components/auth/form-parts";
import { InviteResponse } from "@/components/teams/invite-response";
import { requireUserPage } from "@/lib/auth/current-user";
import { getDb } from "@/lib/db";
import { isAppError } from "@/lib/errors";
import { isEnabled } from "@/lib/settings/flags";
import { viewInvite } from "@/lib/teams/invites";

export const metadata: Metadata = { title: "Team invitation" };
export const dynamic = "force-dynamic";

type Props = { params: Promise<{ token: string }> };

export default async function InvitePage({ params }: Props) {
  const { token } = await params;
  const principal = await requireUserPage(`/teams/invite/${token}`);
  const db = await getDb();
  if (!(await isEnabled("teams", db))) notFound();
  let invite: Awaited<ReturnType<typeof viewInvite>> | null = null;
  let problem: string | null = null;
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) problem = "This invitation link is not valid.";
  else
    try {
      invite = await viewInvite(db, { token, userId: principal.userId });
    } catch (error) {
      if (!isAppError(error) || error.status >= 500) throw error;
      problem = error.message;
    }
  return (
    <div className="mx-auto max-w-lg px-4 py-12 sm:px-6">
      <h1 className="text-2xl font-bold text-ink">Team invitation</h1>
      {invite ? (
        <div className="mt-4 space-y-4">
          <p className="text-slate-800">
            You are invited to join <strong data-testid="invite-team">{invite.teamName}</strong> as{" "}
            <strong>{invite.role}</strong>. Its members chat and use the API from the team&apos;s shared PT
            pool.
          </p>
          <p className="text-sm text-slate-600">This link expires on {invite.expiresAt.toUTCString()}.</p>
          <InviteResponse token={token} teamId={invite.teamId} />
        </div>
      ) : (
        <div className="mt-4 space-y-3">
          <Notice tone="error">{problem}</Notice>
          <p className="text-sm text-slate-600">
            Signed in with another address? The invitation works only for the address it was sent to.{" "}
            <Link href="/teams" className="text-brand-700 underline">
              Your teams
            </Link>
          </p>
        </div>
      )}
    </div>
  );
}
