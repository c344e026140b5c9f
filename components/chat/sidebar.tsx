"use client";
// Conversation sidebar: newest first, title search, load more (cursor), delete after a confirm.
// On small screens it is a drawer over the chat (opened from the chat's "Chats" button, closed by
// the backdrop, Esc or picking a chat); from md up it is a fixed column.
import Link from "next/link";
import { useCallback, useEffect, useState } from "react";
import type { ConversationSummary } from "@/components/chat/api";
import { api } from "@/components/chat/api";
import { activeTeamId } from "@/components/teams/workspace-cookie";

type Page = { items: ConversationSummary[]; nextCursor: string | null };

export function Sidebar({
  activeId,
  refreshKey,
  ready,
  open,
  onClose,
}: {
  activeId?: string;
  refreshKey: number;
  /** The visitor is known (signed in, or a guest): until then there is nothing to list. */
  ready: boolean;
  /** Small screens: whether the drawer is shown. */
  open: boolean;
  onClose: () => void;
}) {
  const [query, setQuery] = useState("");
  const [confirming, setConfirming] = useState<string | null>(null);
  const [items, setItems] = useState<ConversationSummary[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);

  const load = useCallback(async (q: string, after?: string) => {
    const params = new URLSearchParams({ limit: "30" });
    if (q) params.set("q", q);
    // The active workspace's conversations only (the caller's own in it).
    const teamId = activeTeamId();
    if (teamId) params.set("teamId", teamId);
    if (after) params.set("cursor", after);
    const page = await api<Page>(`/api/conversations?${params}`).catch(() => ({
      items: [],
      nextCursor: null,
    }));
    setItems((prev) => (after ? [...(prev ?? []), ...page.items] : page.items));
    setCursor(page.nextCursor);
  }, []);

  useEffect(() => {
    void refreshKey;
    if (!ready) return;
    const timer = setTimeout(() => void load(query), query ? 250 : 0);
    return () => clearTimeout(timer);
  }, [query, refreshKey, load, ready]);

  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === "Escape") onClose();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [open, onClose]);

  async function remove(id: string) {
    setConfirming(null);
    await api(`/api/conversations/${id}`, { method: "DELETE" }).catch(() => undefined);
    setItems((prev) => prev?.filter((c) => c.id !== id) ?? null);
    if (id === activeId) window.location.assign("/chat");
  }

  return (
    <>
      {open && (
        <button
          type="button"
          aria-label="Close chats"
          tabIndex={-1}
          onClick={onClose}
          className="fixed inset-0 z-30 bg-slate-900/30 md:hidden dark:bg-black/60"
        />
      )}
      <aside
        id="chat-sidebar"
        aria-label="Conversations"
        className={`fixed inset-y-0 left-0 z-40 flex w-72 max-w-[85vw] flex-col border-r border-slate-200 bg-slate-50 shadow-xl transition-transform md:static md:z-auto md:w-64 md:max-w-none md:translate-x-0 md:shadow-none ${
          open ? "translate-x-0" : "invisible -translate-x-full md:visible"
        }`}
      >
        <div className="space-y-2 p-3">
          <div className="flex gap-2">
            <Link
              href="/chat"
              onClick={onClose}
              className="block flex-1 rounded-lg bg-brand-600 px-3 py-2 text-center text-sm font-semibold text-white hover:bg-brand-700"
            >
              New chat
            </Link>
            <button
              type="button"
              onClick={onClose}
              aria-label="Close chats"
              className="rounded-lg border border-slate-300 px-3 text-slate-600 md:hidden"
            >
              ×
            </button>
          </div>
          <input
            type="search"
            value={query}
            onChange={(e) => setQuery(e.target.value)}
            placeholder="Search titles"
            aria-label="Search conversations"
            className="w-full rounded-md border border-slate-300 px-2 py-1.5 text-sm"
          />
        </div>
        <nav className="flex-1 overflow-y-auto px-2 pb-3">
          {items === null ? (
            <p className="px-2 text-sm text-slate-500">Loading…</p>
          ) : items.length === 0 ? (
            <p className="px-2 text-sm text-slate-500">{query ? "No matching chats." : "No chats yet."}</p>
          ) : (
            <ul className="space-y-0.5" data-testid="conversation-list">
              {items.map((c) =>
                confirming === c.id ? (
                  <li
                    key={c.id}
                    className="flex items-center gap-2 rounded-md bg-red-50 px-2 py-1.5 text-sm"
                    data-testid="confirm-delete"
                  >
                    <span className="min-w-0 flex-1 truncate text-red-800">Delete “{c.title}”?</span>
                    <button
                      type="button"
                      onClick={() => void remove(c.id)}
                      className="font-semibold text-red-700 hover:underline"
                    >
                      Delete
                    </button>
                    <button
                      type="button"
                      onClick={() => setConfirming(null)}
                      className="text-slate-600 hover:underline"
                    >
                      Cancel
                    </button>
                  </li>
                ) : (
                  <li key={c.id} className="group flex items-center">
                    <Link
                      href={`/chat/${c.id}`}
                      onClick={onClose}
                      aria-current={c.id === activeId ? "page" : undefined}
                      className={`flex-1 truncate rounded-md px-2 py-1.5 text-sm ${
                        c.id === activeId ? "bg-brand-100 font-medium" : "hover:bg-slate-200"
                      }`}
                    >
                      {c.title}
                    </Link>
                    <button
                      type="button"
                      onClick={() => setConfirming(c.id)}
                      aria-label={`Delete ${c.title}`}
                      className="px-2 text-slate-400 hover:text-red-600 focus:opacity-100 group-hover:opacity-100 md:opacity-0"
                    >
                      ×
                    </button>
                  </li>
                ),
              )}
            </ul>
          )}
          {cursor && (
            <button
              type="button"
              onClick={() => void load(query, cursor)}
              className="mt-2 w-full text-sm text-brand-600"
            >
              Load more
            </button>
          )}
        </nav>
      </aside>
    </>
  );
}
