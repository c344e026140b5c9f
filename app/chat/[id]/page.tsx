import type { Metadata } from "next";
import { headers } from "next/headers";
import { ChatApp } from "@/components/chat/chat-app";
import { hasIdentityCookie } from "@/lib/auth/config";

export const metadata: Metadata = { title: "Chat" };

export default async function ConversationPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const startAsGuest = !hasIdentityCookie((await headers()).get("cookie"));
  // Keyed by id: switching conversations starts a fresh chat state.
  return <ChatApp key={id} conversationId={id} startAsGuest={startAsGuest} />;
}
