"use client";
// The chat's messages and one turn at a time: posts to /api/chat, reads the UI message stream
// (ui-stream-reader.ts) into the reply as it arrives, and stops it on request. A refused turn
// (402, 429, 4xx) puts the messages back as they were before it and hands the error, with the
// turn it refused, to the page (which puts the text back in the composer).
import { useCallback, useRef, useState } from "react";
import type { ApiErrorBody } from "@/components/chat/api";
import { readUiStream } from "@/components/chat/ui-stream-reader";
import { activeTeamId } from "@/components/teams/workspace-cookie";
import type { ChatMessageMetadata } from "@/lib/chat/metadata";

export type ChatMessage = {
  id: string;
  role: "user" | "assistant";
  text: string;
  metadata?: ChatMessageMetadata;
  /** The stream's error text, when the reply failed. */
  error?: string;
};

export type ChatStatus = "ready" | "submitted" | "streaming";

/** What one turn asks of /api/chat (app/api/chat/schema.ts). */
export type TurnBody = {
  conversationId?: string;
  model: string;
  message?: string;
  action?: "send" | "regenerate" | "edit";
};

export type Refusal = ApiErrorBody["error"];

export function useChatSession(options: {
  /** A turn the server refused (or a lost connection before any reply), with what it asked. */
  onRefusal: (error: Refusal, body: TurnBody) => void;
  onFinish: (reply: ChatMessage) => void;
}) {
  const [messages, setMessages] = useState<ChatMessage[]>([]);
  const [status, setStatus] = useState<ChatStatus>("ready");
  const abortRef = useRef<AbortController | null>(null);
  const optionsRef = useRef(options);
  optionsRef.current = options;

  /**
   * Sends a turn. `shown` is what the list shows while it runs (the new or edited user message,
   * without the replies it replaces); on a refusal the list goes back to `before`.
   */
  const run = useCallback(async (body: TurnBody, before: ChatMessage[], shown: ChatMessage[]) => {
    const controller = new AbortController();
    abortRef.current = controller;
    setMessages(shown);
    setStatus("submitted");
    // The reply as it streams (also the list's copy, by id): a holder object, since the loop
    // below and the state updates both read it.
    const current: { reply: ChatMessage | null } = { reply: null };
    const patch = (change: Partial<ChatMessage>) => {
      const reply = current.reply;
      if (!reply) return;
      current.reply = { ...reply, ...change };
      const next = current.reply;
      setMessages((all) => all.map((m) => (m.id === next.id ? next : m)));
    };
    try {
      const response = await fetch("/api/chat", {
        method: "POST",
        headers: { "content-type": "application/json" },
        // The active workspace pays: a team's pool when one is chosen in the header.
        body: JSON.stringify({ ...body, teamId: activeTeamId() }),
        signal: controller.signal,
      });
      if (!response.ok || !response.body) {
        const error = ((await response.json().catch(() => null)) as ApiErrorBody | null)?.error;
        setMessages(before);
        optionsRef.current.onRefusal(error ?? { code: "internal", message: "Something went wrong." }, body);
        return;
      }
      for await (const part of readUiStream(response.body)) {
        if (part.type === "start") {
          const reply: ChatMessage = {
            id: part.messageId ?? crypto.randomUUID(),
            role: "assistant",
            text: "",
            metadata: part.messageMetadata,
          };
          current.reply = reply;
          setMessages((all) => [...all, reply]);
          setStatus("streaming");
        } else if (part.type === "text-delta") {
          patch({ text: (current.reply?.text ?? "") + part.delta });
        } else if (part.type === "message-metadata" || part.type === "finish") {
          if (part.messageMetadata)
            patch({ metadata: { ...current.reply?.metadata, ...part.messageMetadata } });
        } else if (part.type === "error") {
          patch({ error: part.errorText });
        }
      }
    } catch {
      // A stop aborts the fetch: keep what arrived (the page reads the settled charge back).
      if (!controller.signal.aborted) {
        if (!current.reply) setMessages(before);
        optionsRef.current.onRefusal(
          { code: "network", message: "The connection was lost. Check your network and try again." },
          // The message comes back to the composer only when no reply had started.
          current.reply ? { ...body, message: undefined } : body,
        );
      }
    } finally {
      if (abortRef.current === controller) abortRef.current = null;
      setStatus("ready");
    }
    if (current.reply && !controller.signal.aborted) optionsRef.current.onFinish(current.reply);
  }, []);

  const stop = useCallback(() => {
    abortRef.current?.abort();
  }, []);

  return { messages, setMessages, status, run, stop };
}
