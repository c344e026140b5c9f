// What else moves with a guest who signs up. Auth owns the conversion itself (the guest row and its
// PT, lib/auth/guest-credits.ts); a domain that keeps other guest-owned rows registers a hook here
// (chat: its conversations, lib/chat/guest-adoption.ts), so auth never imports that domain. Hooks
// run inside the conversion's transaction, with the client they are given, and must be idempotent.
import type { DbClient } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";

type Db = DbClient | Prisma.TransactionClient;

export type GuestConversion = { guestId: string; userId: string };

/** Moves what the domain keeps for the guest to the user; the answer goes into the log line. */
export type GuestConversionHook = (db: Db, input: GuestConversion) => Promise<number>;

// On globalThis: Next may load this module once per server bundle, and a hook registered from the
// sign-up route's bundle must be seen by the conversion wherever it runs.
const registry = globalThis as typeof globalThis & {
  __ledgerchatGuestConversionHooks?: Map<string, GuestConversionHook>;
};

function hooks(): Map<string, GuestConversionHook> {
  registry.__ledgerchatGuestConversionHooks ??= new Map();
  return registry.__ledgerchatGuestConversionHooks;
}

/** Registers (or, on a hot reload, replaces) the hook of one domain. */
export function onGuestConversion(name: string, hook: GuestConversionHook): void {
  hooks().set(name, hook);
}

/** Runs every registered hook in registration order; returns each hook's count by name. */
export async function runGuestConversionHooks(
  db: Db,
  input: GuestConversion,
): Promise<Record<string, number>> {
  const moved: Record<string, number> = {};
  for (const [name, hook] of hooks()) moved[name] = await hook(db, input);
  return moved;
}
