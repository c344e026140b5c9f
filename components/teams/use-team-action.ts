"use client";
// One team action at a time: calls the API, shows its outcome, and refreshes the page's data.
import { useRouter } from "next/navigation";
import { useState } from "react";
import { api } from "@/lib/auth/client";

export type Outcome = { tone: "error" | "success"; text: string } | null;

export function useTeamAction() {
  const router = useRouter();
  const [pending, setPending] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>(null);
  async function run(
    path: string,
    init: { method: string; body?: unknown },
    success: string,
  ): Promise<boolean> {
    setPending(true);
    setOutcome(null);
    const result = await api<unknown>(path, init);
    setPending(false);
    if (!result.ok) {
      const detail = result.error.details?.[0]?.message;
      setOutcome({
        tone: "error",
        text: detail ? `${result.error.message} ${detail}` : result.error.message,
      });
      return false;
    }
    setOutcome({ tone: "success", text: success });
    router.refresh();
    return true;
  }
  return { pending, outcome, run };
}
