"use client";
// Conversation sidebar: newest first, title search, load more (cursor), delete.
import Link from "next/link";
import { useCallback, useEffect, useState } from "react";
import type { ConversationSummary } from "@/components/chat/api";
import { api } from "@/components/chat/api";

type Page = { items: ConversationSummary[]; nextCursor: string | null };

export function Sidebar({ activeId, refreshKey }: { activeId?: string; refreshKey: number }) {
  const [query, setQuery] = useState("");
  const [items, setItems] = useState<ConversationSummary[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);

  const load = useCallback(async (q: string, after?: string) => {
    const params = new URLSearchParams({ limit: "30" });
    if (q) params.set("q", q);
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
    const timer = setTimeout(() => void load(query), query ? 250 : 0);
    return () => clearTimeout(timer);
  }, [query, refreshKey, load]);

  async function remove(id: string) {
    await api(`/api/conversations/${id}`, { method: "DELETE" }).catch(() => undefined);
    setItems((prev) => prev?.filter((c) => c.id !== id) ?? null);
    if (id === activeId) window.location.assign("/chat");
  }

  return (
    <aside
      aria-label="Conversations"
      className="flex w-64 shrink-0 flex-col border-r border-slate-200 bg-slate-50"
    >
      <div className="space-y-2 p-3">
        <Link
          href="/chat"
          className="block rounded-lg bg-brand-600 px-3 py-2 text-center text-sm font-semibold text-white hover:bg-brand-700"
        >
          New chat
        </Link>
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
            {items.map((c) => (
              <li key={c.id} className="group flex items-center">
                <Link
                  href={`/chat/${c.id}`}
                  aria-current={c.id === activeId ? "page" : undefined}
                  className={`flex-1 truncate rounded-md px-2 py-1.5 text-sm ${
                    c.id === activeId ? "bg-brand-100 font-medium" : "hover:bg-slate-200"
                  }`}
                >
                  {c.title}
                </Link>
                <button
                  type="button"
                  onClick={() => void remove(c.id)}
                  aria-label={`Delete ${c.title}`}
                  className="invisible px-1 text-slate-400 hover:text-red-600 group-hover:visible"
                >
                  ×
                </button>
              </li>
            ))}
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
  );
}
