"use client";
// Who is chatting, with what: the account summary, the models and the chosen one. A visitor with no
// session and no guest cookie (the page tells, from the request's cookies) becomes a guest first
// (POST /api/guest), so a new guest's first calls are not 401s; one whose cookie has gone stale
// gets a 401 and becomes a guest then. When no guest can be made (too many from one network), the
// refusal's message and wait are kept for the sign-in screen.
import { useCallback, useEffect, useState } from "react";
import { ApiError } from "@/components/api-client";
import type { AccountSummary, ModelListing } from "@/components/chat/api";
import { api } from "@/components/chat/api";
import { activeTeamId } from "@/components/teams/workspace-cookie";

export type GuestRefusal = { message: string; retryAfter?: number };

export function useChatIdentity(startAsGuest: boolean) {
  const [auth, setAuth] = useState<"loading" | "ok" | "signed-out">("loading");
  const [guestRefusal, setGuestRefusal] = useState<GuestRefusal | null>(null);
  const [models, setModels] = useState<ModelListing[]>([]);
  const [model, setModel] = useState("demo");
  const [account, setAccount] = useState<AccountSummary | null>(null);

  const refreshAccount = useCallback(async () => {
    // In a team workspace, the pool's numbers (the workspace chosen in the header).
    const teamId = activeTeamId();
    setAccount(
      await api<AccountSummary>(teamId ? `/api/chat/account?teamId=${teamId}` : "/api/chat/account"),
    );
  }, []);

  useEffect(() => {
    const becomeGuest = async () => {
      try {
        await api("/api/guest", { method: "POST" });
      } catch (error) {
        // 409: signed in after all (the page's cookie check is only a hint).
        if (!(error instanceof ApiError) || error.status !== 409) throw error;
      }
    };
    (async () => {
      if (startAsGuest) await becomeGuest();
      try {
        await refreshAccount();
      } catch (error) {
        if (!(error instanceof ApiError) || error.status !== 401) throw error;
        await becomeGuest();
        await refreshAccount();
      }
      setAuth("ok");
      const listing = await api<{ models: ModelListing[] }>("/api/models");
      setModels(listing.models);
      setModel(
        (current) =>
          listing.models.find((m) => m.id === current && !m.locked)?.id ??
          listing.models.find((m) => !m.locked)?.id ??
          current,
      );
    })().catch((error: unknown) => {
      if (error instanceof ApiError && error.status === 429) {
        const details = error.details as { retryAfter?: number } | undefined;
        setGuestRefusal({ message: error.message, retryAfter: details?.retryAfter });
      }
      setAuth("signed-out");
    });
  }, [refreshAccount, startAsGuest]);

  return { auth, guestRefusal, models, model, setModel, account, setAccount, refreshAccount };
}
