// Shared setup for the admin tests: users of each kind, a charged message, a request builder.
import { randomUUID } from "node:crypto";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { grantCredits } from "@/lib/ledger/grants";
import { reserve } from "@/lib/ledger/holds";
import { settle } from "@/lib/ledger/settle";

export type Who = { userId: string; role: "USER" | "ADMIN"; twoFactorEnabled: boolean } | null;

export function principalFor(who: Who) {
  return who
    ? {
        kind: "user" as const,
        userId: who.userId,
        role: who.role,
        status: "active" as const,
        twoFactorEnabled: who.twoFactorEnabled,
        emailVerified: true,
        sessionId: "test-session",
      }
    : null;
}

export async function makeUser(p: PrismaClient, role: "USER" | "ADMIN" = "USER", twoFactor = false) {
  return p.user.create({
    data: {
      email: `${role.toLowerCase()}-${randomUUID()}@example.com`,
      role,
      emailVerifiedAt: new Date(),
      twoFactorEnabledAt: twoFactor ? new Date() : null,
    },
    select: { id: true, email: true },
  });
}

/** A user's conversation with one settled assistant reply charging `pt` (through the real ledger). */
export async function chargedMessage(p: PrismaClient, userId: string, pt = 300n) {
  const account = { kind: "user" as const, userId };
  await grantCredits(p, { account, amount: 10_000n, source: "purchase", key: `seed:${randomUUID()}` });
  const hold = await reserve(p, { account, amount: 1_000n, key: `hold:${randomUUID()}`, ttlSeconds: 600 });
  const conversation = await p.conversation.create({ data: { userId, title: "t", model: "demo" } });
  const message = await p.message.create({
    data: { conversationId: conversation.id, role: "assistant", content: "hi", model: "demo", ptCharged: pt },
  });
  const settled = await settle(p, {
    holdId: hold.holdId,
    actual: pt,
    metadata: {
      model: "demo",
      messageId: message.id,
      providerCostMicroUsd: 120,
      inputTokens: 10,
      outputTokens: 20,
    },
  });
  return { message, settled };
}

export const ctx = (params: Record<string, string> = {}) => ({ params: Promise.resolve(params) });

export function req(path: string, init: { method?: string; body?: unknown } = {}) {
  return new Request(`http://localhost${path}`, {
    method: init.method ?? (init.body === undefined ? "GET" : "POST"),
    headers: init.body === undefined ? {} : { "content-type": "application/json" },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
}
