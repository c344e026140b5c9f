// Who owns a conversation and pays for a message: a signed-in user or a guest. The same shape
// as the ledger's AccountRef, so an owner is also the account its messages are billed to.
import type { GuestPrincipal, UserPrincipal } from "@/lib/auth/principal-types";

export type Owner = { kind: "user"; userId: string } | { kind: "guest"; guestId: string };

export function ownerOf(principal: UserPrincipal | GuestPrincipal): Owner {
  return principal.kind === "user"
    ? { kind: "user", userId: principal.userId }
    : { kind: "guest", guestId: principal.guestId };
}

/** Prisma filter that scopes a Conversation query to its owner. */
export function ownerWhere(owner: Owner): { userId: string } | { guestId: string; userId: null } {
  return owner.kind === "user" ? { userId: owner.userId } : { guestId: owner.guestId, userId: null };
}

/** Stable string key for per-owner limits (rate limits, stream slots). */
export function ownerKey(owner: Owner): string {
  return owner.kind === "user" ? `u:${owner.userId}` : `g:${owner.guestId}`;
}
