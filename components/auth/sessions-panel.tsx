"use client";
// The user's sessions: device, IP, created and last seen, with "Sign out" per session and
// "Log out everywhere else". Revoking the current session signs this browser out too.
import { useCallback, useEffect, useState } from "react";
import { Notice } from "@/components/auth/form-parts";
import { api } from "@/lib/auth/client";
import { describeDevice } from "@/lib/auth/device";

type SessionRow = {
  id: string;
  method: string;
  userAgent: string | null;
  ip: string | null;
  createdAt: string;
  lastSeenAt: string;
  current: boolean;
};

const when = (iso: string) => new Date(iso).toLocaleString();

export function SessionsPanel() {
  const [sessions, setSessions] = useState<SessionRow[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);

  const load = useCallback(async () => {
    const result = await api<{ sessions: SessionRow[] }>("/api/account/sessions");
    if (result.ok) setSessions(result.data.sessions);
    else setError(result.error.message);
  }, []);

  useEffect(() => {
    void load();
  }, [load]);

  async function revoke(id: string, current: boolean) {
    setBusy(id);
    const result = await api(`/api/account/sessions/${id}`, { method: "DELETE" });
    setBusy(null);
    if (!result.ok) return setError(result.error.message);
    if (current) return window.location.assign("/sign-in");
    await load();
  }

  async function revokeOthers() {
    setBusy("others");
    const result = await api<{ revoked: number }>("/api/account/sessions", { method: "DELETE" });
    setBusy(null);
    if (!result.ok) return setError(result.error.message);
    await load();
  }

  if (!sessions)
    return error ? (
      <Notice tone="error">{error}</Notice>
    ) : (
      <p className="text-slate-500">Loading sessions…</p>
    );
  return (
    <div className="space-y-4">
      {error ? <Notice tone="error">{error}</Notice> : null}
      <ul aria-label="Sessions" className="divide-y divide-slate-200 rounded-lg border border-slate-200">
        {sessions.map((s) => (
          <li
            key={s.id}
            data-session-id={s.id}
            className="flex flex-col gap-2 p-4 sm:flex-row sm:items-center sm:justify-between"
          >
            <div>
              <p className="font-medium text-ink">
                {describeDevice(s.userAgent)}{" "}
                {s.current ? (
                  <span className="ml-1 rounded bg-green-100 px-1.5 py-0.5 text-xs text-green-800">
                    This device
                  </span>
                ) : null}
              </p>
              <p className="text-sm text-slate-600">
                {s.ip ?? "unknown IP"} · signed in {when(s.createdAt)} · last seen {when(s.lastSeenAt)}
              </p>
            </div>
            <button
              type="button"
              disabled={busy !== null}
              onClick={() => revoke(s.id, s.current)}
              className="self-start rounded-lg border border-slate-300 px-3 py-1.5 text-sm font-medium hover:bg-slate-50 disabled:opacity-60 sm:self-auto"
            >
              {busy === s.id ? "Signing out…" : "Sign out"}
            </button>
          </li>
        ))}
      </ul>
      <button
        type="button"
        disabled={busy !== null || sessions.length < 2}
        onClick={revokeOthers}
        className="rounded-lg border border-red-300 px-3 py-2 text-sm font-medium text-red-700 hover:bg-red-50 disabled:opacity-60"
      >
        {busy === "others" ? "Logging out…" : "Log out everywhere else"}
      </button>
    </div>
  );
}
