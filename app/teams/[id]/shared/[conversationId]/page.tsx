// /teams/:id/shared/:conversationId: a conversation shared with the team, read-only, for every
// member (viewers included). Not found for non-members and unshared conversations.
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requireUserPage } from "@/lib/auth/current-user";
import { getDb } from "@/lib/db";
import { isAppError } from "@/lib/errors";
import { readShared } from "@/lib/teams/sharing";

export const metadata: Metadata = { title: "Shared conversation" };
export const dynamic = "force-dynamic";

type Props = { params: Promise<{ id: string; conversationId: string }> };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export default async function SharedConversationPage({ params }: Props) {
  const { id, conversationId } = await params;
  const principal = await requireUserPage(`/teams/${id}/shared/${conversationId}`);
  if (!UUID.test(id) || !UUID.test(conversationId)) notFound();
  const db = await getDb();
  const conversation = await readShared(db, { teamId: id, userId: principal.userId, conversationId }).catch(
    (error: unknown) => {
      if (isAppError(error) && error.code === "not_found") notFound();
      throw error;
    },
  );
  return (
    <div className="mx-auto max-w-3xl px-4 py-10 sm:px-6">
      <p className="text-sm">
        <Link href={`/teams/${id}`} className="text-brand-700 underline">
          Back to the team
        </Link>
      </p>
      <h1 className="mt-1 text-2xl font-bold text-ink">{conversation.title}</h1>
      <ol className="mt-6 space-y-4">
        {conversation.messages.map((m) => (
          <li
            key={m.id}
            className={`rounded-xl border p-4 ${m.role === "user" ? "border-brand-100 bg-brand-50" : "border-slate-200"}`}
          >
            <p className="mb-1 text-xs font-semibold uppercase text-slate-500">
              {m.role === "user" ? "Prompt" : "Reply"}
            </p>
            <p className="whitespace-pre-wrap text-slate-800">{m.content}</p>
          </li>
        ))}
      </ol>
    </div>
  );
}
