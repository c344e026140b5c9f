"use client";
// The command palette (Ctrl/Cmd+K on the chat page): search conversations by title, start a new
// chat, switch the model. cmdk gives the listbox (arrow keys, Enter, type-to-filter) inside a
// Radix dialog (role="dialog", focus trapped, Esc closes, focus returns to where it was).
// Loaded lazily by chat-app.tsx on first use.
import { Command } from "cmdk";
import { useEffect, useState } from "react";
import type { ConversationSummary, ModelListing } from "@/components/chat/api";
import { api } from "@/components/chat/api";
import { activeTeamId } from "@/components/teams/workspace-cookie";

const ITEM =
  "flex cursor-pointer items-center justify-between gap-3 rounded-md px-3 py-2 text-sm text-slate-700 data-[selected=true]:bg-brand-50 data-[selected=true]:text-ink data-[disabled=true]:cursor-not-allowed data-[disabled=true]:opacity-50";
const GROUP =
  "px-1 py-1 [&_[cmdk-group-heading]]:px-3 [&_[cmdk-group-heading]]:py-1.5 [&_[cmdk-group-heading]]:text-xs [&_[cmdk-group-heading]]:font-semibold [&_[cmdk-group-heading]]:text-slate-500";

export function CommandPalette({
  onClose,
  models,
  model,
  onModel,
}: {
  onClose: () => void;
  models: ModelListing[];
  model: string;
  onModel: (id: string) => void;
}) {
  const [query, setQuery] = useState("");
  const [chats, setChats] = useState<ConversationSummary[] | null>(null);

  // Titles matching the query (the server searches all of them, not only the loaded page).
  useEffect(() => {
    const controller = new AbortController();
    const timer = setTimeout(
      () => {
        const params = new URLSearchParams({ limit: "20" });
        if (query.trim()) params.set("q", query.trim());
        // The active workspace's conversations only (the caller's own in it).
        const teamId = activeTeamId();
        if (teamId) params.set("teamId", teamId);
        api<{ items: ConversationSummary[] }>(`/api/conversations?${params}`, { signal: controller.signal })
          .then((page) => setChats(page.items))
          .catch(() => undefined);
      },
      query ? 200 : 0,
    );
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [query]);

  const go = (href: string) => {
    onClose();
    window.location.assign(href);
  };

  return (
    <Command.Dialog
      open
      onOpenChange={(open) => {
        if (!open) onClose();
      }}
      label="Command palette"
      overlayClassName="fixed inset-0 z-50 bg-slate-900/30 dark:bg-black/60"
      contentClassName="fixed left-1/2 top-[12vh] z-50 w-[min(36rem,calc(100vw-2rem))] -translate-x-1/2 overflow-hidden rounded-xl border border-slate-200 bg-page shadow-2xl"
    >
      <Command.Input
        value={query}
        onValueChange={setQuery}
        placeholder="Search chats, switch model, start a new chat…"
        className="w-full border-b border-slate-200 bg-transparent px-4 py-3 text-base outline-none placeholder:text-slate-400"
      />
      <Command.List className="max-h-[60vh] overflow-y-auto p-1">
        <Command.Empty className="px-4 py-6 text-center text-sm text-slate-500">
          Nothing matches.
        </Command.Empty>
        <Command.Group heading="Actions" className={GROUP}>
          <Command.Item value="New chat" onSelect={() => go("/chat")} className={ITEM}>
            New chat
          </Command.Item>
        </Command.Group>
        <Command.Group heading="Model" className={GROUP}>
          {models.map((m) => (
            <Command.Item
              key={m.id}
              value={`Use ${m.label} (switch model)`}
              disabled={m.locked}
              onSelect={() => {
                onModel(m.id);
                onClose();
              }}
              className={ITEM}
            >
              <span>Use {m.label}</span>
              <span className="text-xs text-slate-500">
                {m.id === model ? "current" : m.locked ? `needs ${m.unlockPlans?.[0] ?? "upgrade"}` : ""}
              </span>
            </Command.Item>
          ))}
        </Command.Group>
        <Command.Group heading="Chats" className={GROUP}>
          {chats === null ? (
            <Command.Loading>
              <p className="px-3 py-2 text-sm text-slate-500">Loading chats…</p>
            </Command.Loading>
          ) : (
            chats.map((c) => (
              <Command.Item
                key={c.id}
                value={`${c.title} ${c.id}`}
                onSelect={() => go(`/chat/${c.id}`)}
                className={ITEM}
              >
                <span className="truncate">{c.title}</span>
              </Command.Item>
            ))
          )}
        </Command.Group>
      </Command.List>
    </Command.Dialog>
  );
}
