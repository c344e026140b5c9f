"use client";
// The chat page: sidebar, balance and warnings, model picker, messages, composer. Sends through
// the AI SDK's useChat over /api/chat; a 402 opens the top-up screen; after a stop, the charge of
// the stopped reply is read back from the server once it has settled.
import { useChat } from "@ai-sdk/react";
import { DefaultChatTransport } from "ai";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { ApiError } from "@/components/api-client";
import type { AccountSummary, ApiErrorBody, ModelListing, StoredMessage } from "@/components/chat/api";
import { api } from "@/components/chat/api";
import { Composer } from "@/components/chat/composer";
import { MessageList } from "@/components/chat/message-list";
import { ModelPicker } from "@/components/chat/model-picker";
import { OutOfPt } from "@/components/chat/out-of-pt";
import { Sidebar } from "@/components/chat/sidebar";
import { StatusBar } from "@/components/chat/status-bar";
import type { ChatUIMessage } from "@/lib/chat/metadata";

type Refusal = ApiErrorBody["error"];

function toUiMessage(m: StoredMessage): ChatUIMessage {
  return {
    id: m.id,
    role: m.role,
    parts: [{ type: "text", text: m.content }],
    metadata:
      m.role === "assistant" && m.ptCharged !== null
        ? { ptCharged: m.ptCharged, status: m.status === "streaming" ? undefined : m.status }
        : undefined,
  };
}

export function ChatApp({ conversationId: initialId }: { conversationId?: string }) {
  const idRef = useRef(initialId);
  const [conversationId, setConversationId] = useState(initialId);
  const [auth, setAuth] = useState<"loading" | "ok" | "signed-out">("loading");
  const [models, setModels] = useState<ModelListing[]>([]);
  const [model, setModel] = useState("demo");
  const modelRef = useRef(model);
  modelRef.current = model;
  const [account, setAccount] = useState<AccountSummary | null>(null);
  const [refusal, setRefusal] = useState<Refusal | null>(null);
  const [notFound, setNotFound] = useState(false);
  const [loadingHistory, setLoadingHistory] = useState(Boolean(initialId));
  const [sidebarKey, setSidebarKey] = useState(0);
  const [sidebarOpen, setSidebarOpen] = useState(false);
  const closeSidebar = useCallback(() => setSidebarOpen(false), []);

  const refreshAccount = useCallback(async () => {
    setAccount(await api<AccountSummary>("/api/chat/account"));
  }, []);

  const transport = useMemo(
    () =>
      new DefaultChatTransport<ChatUIMessage>({
        api: "/api/chat",
        prepareSendMessagesRequest: ({ messages }) => {
          const last = messages.at(-1);
          const message = last?.parts.map((p) => (p.type === "text" ? p.text : "")).join("") ?? "";
          return { body: { conversationId: idRef.current, model: modelRef.current, message } };
        },
        fetch: async (input, init) => {
          const response = await fetch(input, init);
          if (!response.ok) {
            const body = (await response
              .clone()
              .json()
              .catch(() => null)) as ApiErrorBody | null;
            setRefusal(body?.error ?? { code: "internal", message: "Something went wrong." });
          }
          return response;
        },
      }),
    [],
  );

  const { messages, sendMessage, status, stop, setMessages } = useChat<ChatUIMessage>({
    id: initialId ?? "new-chat",
    transport,
    onFinish: ({ message }) => {
      const available = message.metadata?.ptAvailable;
      if (available !== undefined) setAccount((a) => (a ? { ...a, available } : a));
      void refreshAccount().catch(() => undefined);
      setSidebarKey((k) => k + 1);
    },
    onError: () => undefined,
  });

  // Who am I? A visitor without a session becomes a guest (accounts' POST /api/guest), then retries.
  useEffect(() => {
    (async () => {
      try {
        await refreshAccount();
      } catch (error) {
        if (!(error instanceof ApiError) || error.status !== 401) throw error;
        await api("/api/guest", { method: "POST" });
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
    })().catch(() => setAuth("signed-out"));
  }, [refreshAccount]);

  useEffect(() => {
    if (!initialId || auth !== "ok") return;
    api<{ conversation: { model: string }; messages: StoredMessage[] }>(`/api/conversations/${initialId}`)
      .then((r) => {
        setMessages(r.messages.map(toUiMessage));
        setModel(r.conversation.model);
      })
      .catch(() => setNotFound(true))
      .finally(() => setLoadingHistory(false));
  }, [initialId, auth, setMessages]);

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

  // A 402/429 leaves an unsent user message behind: drop it, the server did not save it.
  useEffect(() => {
    if (refusal && status !== "submitted" && messages.at(-1)?.role === "user")
      setMessages(messages.slice(0, -1));
  }, [refusal, status, messages, setMessages]);

  const onStop = useCallback(async () => {
    const target = messages.at(-1);
    await stop();
    const id = idRef.current;
    if (!id || target?.role !== "assistant") return;
    // The server settles the stopped reply when it sees the disconnect; read its charge back.
    for (let i = 0; i < 25; i++) {
      await new Promise((r) => setTimeout(r, 200));
      const r = await api<{ messages: StoredMessage[] }>(`/api/conversations/${id}`).catch(() => null);
      const stored = r?.messages.find((m) => m.id === target.id);
      if (stored && stored.status !== "streaming") {
        const settled = stored.status;
        setMessages((all) =>
          all.map((m) =>
            m.id === target.id
              ? { ...m, metadata: { ...m.metadata, ptCharged: stored.ptCharged ?? "0", status: settled } }
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
  const history = messages.map((m) => ({
    role: m.role === "user" ? ("user" as const) : ("assistant" as const),
    content: m.parts.map((p) => (p.type === "text" ? p.text : "")).join(""),
  }));
  const estimateInput = auth === "ok" ? { model, history, maxOutputTokens: account?.maxOutputTokens } : null;

  if (auth === "signed-out") {
    return (
      <div className="mx-auto max-w-md py-20 text-center">
        <h1 className="text-2xl font-semibold">Sign in to chat</h1>
        <p className="mt-2 text-slate-600">We could not start a guest session just now.</p>
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
      <Sidebar activeId={conversationId} refreshKey={sidebarKey} open={sidebarOpen} onClose={closeSidebar} />
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
        </div>
        <div className="flex-1 overflow-y-auto">
          {notFound ? (
            <p className="p-10 text-center text-slate-600">
              This conversation does not exist or was deleted.
            </p>
          ) : loadingHistory ? (
            <p className="p-10 text-center text-slate-500">Loading conversation…</p>
          ) : messages.length === 0 && !refusal ? (
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
            />
          )}
          {refusal &&
            (refusal.code === "pt_exhausted" ? (
              <OutOfPt
                needed={refusal.details?.needed}
                available={refusal.details?.available}
                upgrade={refusal.details?.upgrade ?? []}
                onDismiss={() => setRefusal(null)}
              />
            ) : (
              <p role="alert" className="mx-auto my-4 max-w-xl rounded-lg bg-red-50 p-3 text-sm text-red-800">
                {refusal.message}{" "}
                <button type="button" className="underline" onClick={() => setRefusal(null)}>
                  Dismiss
                </button>
              </p>
            ))}
        </div>
        <Composer
          busy={busy}
          disabled={auth !== "ok" || notFound}
          estimateInput={estimateInput}
          onSend={(text) => {
            setRefusal(null);
            void sendMessage({ text });
          }}
          onStop={() => void onStop()}
        />
      </section>
    </div>
  );
}
