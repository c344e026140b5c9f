import type { Metadata } from "next";
import { headers } from "next/headers";
import { ChatApp } from "@/components/chat/chat-app";
import { hasIdentityCookie } from "@/lib/auth/config";

export const metadata: Metadata = { title: "Chat" };

export default async function ChatPage() {
  // A first-time visitor becomes a guest before the page calls anything (no 401 on the way).
  const startAsGuest = !hasIdentityCookie((await headers()).get("cookie"));
  return <ChatApp startAsGuest={startAsGuest} />;
}
