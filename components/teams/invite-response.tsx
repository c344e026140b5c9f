"use client";
// Accept (join and switch to the team's workspace) or decline an invitation.
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Notice } from "@/components/auth/form-parts";
import { setActiveTeam } from "@/components/teams/workspace-cookie";
import { api } from "@/lib/auth/client";

export function InviteResponse({ token, teamId }: { token: string; teamId: string }) {
  const router = useRouter();
  const [pending, setPending] = useState(false);
  const [outcome, setOutcome] = useState<{ tone: "error" | "success"; text: string } | null>(null);

  async function respond(answer: "accept" | "decline") {
    setPending(true);
    const result = await api(`/api/teams/invites/${token}/${answer}`, { method: "POST" });
    setPending(false);
    if (!result.ok) return setOutcome({ tone: "error", text: result.error.message });
    if (answer === "decline") return setOutcome({ tone: "success", text: "Invitation declined." });
    setActiveTeam(teamId);
    router.push(`/teams/${teamId}`);
    router.refresh();
  }

  return (
    <div className="space-y-3">
      <div className="flex flex-col gap-2 sm:flex-row">
        <button
          type="button"
          disabled={pending || outcome?.tone === "success"}
          onClick={() => void respond("accept")}
          className="rounded-lg bg-brand-600 px-4 py-2.5 font-semibold text-white hover:bg-brand-700 disabled:opacity-60"
        >
          Accept and join
        </button>
        <button
          type="button"
          disabled={pending || outcome?.tone === "success"}
          onClick={() => void respond("decline")}
          className="rounded-lg border border-slate-300 px-4 py-2.5 font-semibold text-slate-800 hover:bg-slate-50 disabled:opacity-60"
        >
          Decline
        </button>
      </div>
      {outcome ? <Notice tone={outcome.tone}>{outcome.text}</Notice> : null}
    </div>
  );
}
