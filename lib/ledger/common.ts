// Shared plumbing of the ledger: the client type every function accepts (a PrismaClient or an
// interactive-transaction client), input guards that refuse bad amounts before anything is
// written, and the mapping of Postgres error codes that the ledger turns into typed AppErrors.
import { AppError } from "@/lib/errors";
import type { Prisma } from "@/lib/generated/prisma/client";

export type Tx = Prisma.TransactionClient;

/** Who an account belongs to: a user, a guest, or a team (its shared pool, lib/teams). */
export type AccountRef =
  | { kind: "user"; userId: string }
  | { kind: "guest"; guestId: string }
  | { kind: "team"; teamId: string };

export type OwnedAccountType = AccountRef["kind"];

export type LedgerKind =
  | "grant"
  | "purchase"
  | "usage"
  | "refund"
  | "adjustment"
  | "expiry"
  | "chargeback"
  | "transfer";

export type GrantSourceName = "allowance" | "purchase" | "promo" | "adjustment" | "trial";

// The client / transaction helpers are core (lib/db.ts); the ledger's modules import them from here.
export { inTransaction, isClient } from "@/lib/db";

export function ownerOf(ref: AccountRef): { type: OwnedAccountType; ownerId: string } {
  const ownerId = ref.kind === "user" ? ref.userId : ref.kind === "guest" ? ref.guestId : ref.teamId;
  if (typeof ownerId !== "string" || ownerId.length === 0 || ownerId.length > 200) {
    throw new AppError("bad_request", "An account reference needs a non-empty owner id.");
  }
  return { type: ref.kind, ownerId };
}

/** A PT amount must be a BigInt (never a float or a string) and, unless allowZero, positive. */
export function assertPt(value: unknown, name: string, { allowZero = false } = {}): bigint {
  if (typeof value !== "bigint") {
    throw new AppError("bad_request", `${name} must be an integer PT amount (bigint).`, { field: name });
  }
  if (value < 0n || (!allowZero && value === 0n)) {
    throw new AppError("bad_request", `${name} must be ${allowZero ? "zero or more" : "positive"}.`, {
      field: name,
    });
  }
  return value;
}

export function assertKey(key: unknown, name = "key"): string {
  if (typeof key !== "string" || key.trim().length === 0 || key.length > 255) {
    throw new AppError("bad_request", `${name} must be a non-empty string of at most 255 characters.`, {
      field: name,
    });
  }
  return key;
}

export function assertUuid(value: unknown, name: string): string {
  if (
    typeof value !== "string" ||
    !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value)
  ) {
    throw new AppError("not_found", `No such ${name}.`);
  }
  return value;
}

/** Postgres SQLSTATE of an error thrown by a Prisma raw query through a driver adapter, if any. */
export function pgErrorCode(error: unknown): string | undefined {
  const seen = new Set<unknown>();
  let current: unknown = error;
  while (current && typeof current === "object" && !seen.has(current)) {
    seen.add(current);
    const e = current as Record<string, unknown>;
    for (const candidate of [e.originalCode, (e.meta as Record<string, unknown> | undefined)?.code, e.code]) {
      if (typeof candidate === "string" && /^[0-9A-Z]{5}$/.test(candidate) && !candidate.startsWith("P")) {
        return candidate;
      }
      if (candidate === "P0001") return candidate;
    }
    const meta = e.meta as Record<string, unknown> | undefined;
    current = e.cause ?? meta?.driverAdapterError ?? undefined;
  }
  return undefined;
}

export function errorText(error: unknown): string {
  const parts: string[] = [];
  const seen = new Set<unknown>();
  let current: unknown = error;
  while (current && typeof current === "object" && !seen.has(current)) {
    seen.add(current);
    const e = current as Record<string, unknown>;
    if (typeof e.message === "string") parts.push(e.message);
    if (typeof e.originalMessage === "string") parts.push(e.originalMessage);
    const meta = e.meta as Record<string, unknown> | undefined;
    if (typeof meta?.message === "string") parts.push(meta.message);
    current = e.cause ?? meta?.driverAdapterError ?? undefined;
  }
  return parts.join(" | ");
}

export const UNIQUE_VIOLATION = "23505";
export const CHECK_VIOLATION = "23514";
export const RAISED = "P0001";

/** JSON metadata as a parameter for a ::jsonb cast (null stays SQL NULL). */
export function jsonParam(value: Record<string, unknown> | undefined | null): string | null {
  if (value === undefined || value === null) return null;
  return JSON.stringify(value, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v));
}

export function min(a: bigint, b: bigint): bigint {
  return a < b ? a : b;
}

export function max(a: bigint, b: bigint): bigint {
  return a > b ? a : b;
}
