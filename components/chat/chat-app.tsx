"use client";
// The chat page: sidebar, balance and warnings, model picker, messages, composer, and the command
// palette (Ctrl/Cmd+K). Turns go to /api/chat through useChatSession (a small reader of the UI
// message stream); a 402 opens the top-up screen; after a stop, the charge of the stopped reply is
// read back from the server once it has settled.
import { lazy, Suspense, useCallback, useEffect, useRef, useState } from "react";
import type { StoredMessage } from "@/components/chat/api";
import { api } from "@/components/chat/api";
import { Composer } from "@/components/chat/composer";
import { MessageList } from "@/components/chat/message-list";
import { ModelPicker } from "@/components/chat/model-picker";
import { RefusalNotice, waitText } from "@/components/chat/refusal-notice";
import { Sidebar } from "@/components/chat/sidebar";
import { StatusBar } from "@/components/chat/status-bar";
import { useChatIdentity } from "@/components/chat/use-chat-identity";
import type { ChatMessage, Refusal, TurnBody } from "@/components/chat/use-chat-session";
import { useChatSession } from "@/components/chat/use-chat-session";
import { requestLegalAcceptance } from "@/components/legal/events";

// The palette's code (and cmdk) loads on the first Ctrl/Cmd+K or click, not with the page.
const CommandPalette = lazy(() =>
  import("@/components/chat/command-palette").then((m) => ({ default: m.CommandPalette })),
);

function toChatMessage(m: StoredMessage): ChatMessage {
  return {
    id: m.id,
    role: m.role,
    text: m.content,
    metadata:
      m.role === "assistant"
        ? {
            model: m.model ?? undefined,
            ...(m.ptCharged !== null
              ? { ptCharged: m.ptCharged, status: m.status === "streaming" ? undefined : m.status }
              : {}),
          }
        : undefined,
  };
}

export function ChatApp({
  conversationId: initialId,
  startAsGuest = false,
}: {
  conversationId?: string;
  /** The request had no session and no guest cookie: become a guest before anything else. */
  startAsGuest?: boolean;
}) {
  const idRef = useRef(initialId);
  const [conversationId, setConversationId] = useState(initialId);
  const { auth, guestRefusal, models, model, setModel, account, setAccount, refreshAccount } =
    useChatIdentity(startAsGuest);
  const [refusal, setRefusal] = useState<Refusal | null>(null);
  // The composer's text lives here: a refused turn puts its message back.
  const [draft, setDraft] = useState("");
  const [notFound, setNotFound] = useState(false);
  const [loadingHistory, setLoadingHistory] = useState(Boolean(initialId));
  const [sidebarKey, setSidebarKey] = useState(0);
  const [sidebarOpen, setSidebarOpen] = useState(false);
  const [paletteOpen, setPaletteOpen] = useState(false);
  // Where focus was when the palette opened: it goes back there when the palette closes.
  const returnFocus = useRef<HTMLElement | null>(null);
  const openPalette = useCallback(() => {
    returnFocus.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    setPaletteOpen(true);
  }, []);
  const closePalette = useCallback(() => {
    setPaletteOpen(false);
    requestAnimationFrame(() => returnFocus.current?.focus());
  }, []);
  const closeSidebar = useCallback(() => setSidebarOpen(false), []);

  const { messages, setMessages, status, run, stop } = useChatSession({
    onRefusal: (error, body) => {
      // New Terms / Privacy Policy: the layout's accept dialog opens; the text stays in the box.
      if (error.code === "legal_acceptance_required") requestLegalAcceptance(error.details);
      setRefusal(error);
      // Put the refused message back, unless something new was typed meanwhile.
      if (body.message) setDraft((current) => (current.trim() === "" ? (body.message ?? "") : current));
    },
    onFinish: (reply) => {
      const available = reply.metadata?.ptAvailable;
      if (available !== undefined) setAccount((a) => (a ? { ...a, available } : a));
      void refreshAccount().catch(() => undefined);
      setSidebarKey((k) => k + 1);
    },
  });

  // A new chat in place: the list empties and the next turn starts a conversation (the text stays).
  const newChat = useCallback(() => {
    idRef.current = undefined;
    setConversationId(undefined);
    setMessages([]);
    setRefusal(null);
    setNotFound(false);
    window.history.replaceState(null, "", "/chat");
    document.querySelector<HTMLTextAreaElement>("textarea[aria-label='Message']")?.focus();
  }, [setMessages]);

  useEffect(() => {
    if (!initialId || auth !== "ok") return;
    api<{ conversation: { model: string }; messages: StoredMessage[] }>(`/api/conversations/${initialId}`)
      .then((r) => {
        setMessages(r.messages.map(toChatMessage));
        setModel(r.conversation.model);
      })
      .catch(() => setNotFound(true))
      .finally(() => setLoadingHistory(false));
  }, [initialId, auth, setMessages, setModel]);

  // The first reply of a new chat names its conversation: keep sending into it, and give it a URL.
  const lastMeta = messages.at(-1)?.metadata;
  useEffect(() => {
    const id = lastMeta?.conversationId;
    if (id && idRef.current !== id) {
      idRef.current = id;
      setConversationId(id);
      window.history.replaceState(null, "", `/chat/${id}`);
      setSidebarKey((k) => k + 1);
    }
  }, [lastMeta?.conversationId]);
  const rateRemaining = [...messages].reverse().find((m) => m.metadata?.rateLimitRemaining !== undefined)
    ?.metadata?.rateLimitRemaining;

  // Ctrl/Cmd+K opens the palette from anywhere on the page.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.metaKey || e.ctrlKey) && e.key.toLowerCase() === "k") {
        e.preventDefault();
        if (paletteOpen) closePalette();
        else openPalette();
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [paletteOpen, openPalette, closePalette]);

  const turn = useCallback(
    (body: Omit<TurnBody, "conversationId" | "model">, shown: ChatMessage[]) => {
      setRefusal(null);
      void run({ ...body, conversationId: idRef.current, model }, messages, shown);
    },
    [run, model, messages],
  );
  const lastUserIndex = messages.findLastIndex((m) => m.role === "user");
  const userMessage = (text: string): ChatMessage => ({
    id: `local-${crypto.randomUUID()}`,
    role: "user",
    text,
  });

  const onStop = useCallback(async () => {
    const target = messages.at(-1);
    stop();
    const id = idRef.current;
    if (!id || target?.role !== "assistant") return;
    // The server settles the stopped reply when it sees the disconnect; read its charge back.
    // Polled with a growing interval (about 40 s in all), so a busy server still gets its answer.
    for (let i = 0; i < 25; i++) {
      await new Promise((r) => setTimeout(r, Math.min(200 * (i + 1), 2_000)));
      const r = await api<{ messages: StoredMessage[] }>(`/api/conversations/${id}`).catch(() => null);
      const stored = r?.messages.find((m) => m.id === target.id);
      if (stored && stored.status !== "streaming") {
        const settled = stored.status;
        setMessages((all) =>
          all.map((m) =>
            m.id === target.id
              ? {
                  ...m,
                  // What was saved and billed: chunks in flight when the stream was cut are in it.
                  text: stored.content,
                  metadata: { ...m.metadata, ptCharged: stored.ptCharged ?? "0", status: settled },
                }
              : m,
          ),
        );
        await refreshAccount().catch(() => undefined);
        return;
      }
    }
  }, [messages, stop, setMessages, refreshAccount]);

  const busy = status === "submitted" || status === "streaming";
  const selected = models.find((m) => m.id === model);
  const history = messages.map((m) => ({ role: m.role, content: m.text }));
  const estimateInput = auth === "ok" ? { model, history, maxOutputTokens: account?.maxOutputTokens } : null;
  const modelLabel = (id: string) => models.find((m) => m.id === id)?.label ?? id;

  if (auth === "signed-out") {
    return (
      <div className="mx-auto max-w-md py-20 text-center">
        <h1 className="text-2xl font-semibold">Sign in to chat</h1>
        <p className="mt-2 text-slate-600" data-testid="guest-refused">
          {guestRefusal
            ? `${guestRefusal.message}${guestRefusal.retryAfter ? ` Try again in ${waitText(guestRefusal.retryAfter)}, or sign in.` : ""}`
            : "We could not start a guest session just now."}
        </p>
        <a
          href="/sign-in"
          className="mt-4 inline-block rounded-lg bg-brand-600 px-4 py-2 font-semibold text-white"
        >
          Sign in
        </a>
      </div>
    );
  }

  return (
    <div data-chat-app className="flex min-h-0 flex-1">
      <Sidebar
        activeId={conversationId}
        refreshKey={sidebarKey}
        ready={auth === "ok"}
        open={sidebarOpen}
        onClose={closeSidebar}
      />
      <section className="flex min-w-0 flex-1 flex-col" aria-label="Chat">
        <StatusBar
          account={account}
          typicalPt={selected?.typicalMessagePt ?? null}
          rateRemaining={rateRemaining ?? null}
        />
        <div className="flex items-center gap-3 border-b border-slate-200 px-4 py-2">
          <button
            type="button"
            onClick={() => setSidebarOpen(true)}
            aria-controls="chat-sidebar"
            aria-expanded={sidebarOpen}
            className="rounded-md border border-slate-300 px-2 py-1 text-sm text-slate-700 md:hidden"
          >
            Chats
          </button>
          <ModelPicker models={models} value={model} onChange={setModel} />
          <button
            type="button"
            onClick={openPalette}
            aria-keyshortcuts="Control+K Meta+K"
            className="ml-auto hidden rounded-md border border-slate-300 px-2 py-1 text-sm text-slate-600 hover:bg-slate-100 sm:block"
          >
            Search <kbd className="ml-1 font-sans text-xs text-slate-500">Ctrl K</kbd>
          </button>
        </div>
        <div className="flex-1 overflow-y-auto">
          {notFound ? (
            <p className="p-10 text-center text-slate-600">
              This conversation does not exist or was deleted.
            </p>
          ) : loadingHistory ? (
            <p className="p-10 text-center text-slate-500">Loading conversation…</p>
          ) : messages.length === 0 ? (
            <div className="mx-auto max-w-xl p-10 text-center">
              <h1 className="text-2xl font-semibold">What can I help with?</h1>
              <p className="mt-2 text-slate-600">
                Every message shows its estimate before you send and its exact charge after.
              </p>
            </div>
          ) : (
            <MessageList
              messages={messages}
              waiting={status === "submitted"}
              streaming={status === "streaming"}
              busy={busy}
              modelLabel={modelLabel}
              controls={{
                base: auth === "ok" ? { model, maxOutputTokens: account?.maxOutputTokens } : null,
                onRegenerate: () => turn({ action: "regenerate" }, messages.slice(0, lastUserIndex + 1)),
                onEdit: (text) =>
                  turn({ action: "edit", message: text }, [
                    ...messages.slice(0, lastUserIndex),
                    userMessage(text),
                  ]),
              }}
            />
          )}
        </div>
        {refusal && (
          <RefusalNotice refusal={refusal} onDismiss={() => setRefusal(null)} onNewChat={newChat} />
        )}
        <Composer
          text={draft}
          onText={setDraft}
          busy={busy}
          disabled={auth !== "ok" || notFound}
          estimateInput={estimateInput}
          account={account}
          onSend={(text) => {
            setDraft("");
            turn({ message: text }, [...messages, userMessage(text)]);
          }}
          onStop={() => void onStop()}
          onNewChat={newChat}
        />
      </section>
      {paletteOpen && (
        <Suspense fallback={null}>
          <CommandPalette onClose={closePalette} models={models} model={model} onModel={setModel} />
        </Suspense>
      )}
    </div>
  );
}
