// Shared fixtures for ledger tests: unique account refs and invariant assertions.
import { randomUUID } from "node:crypto";
import { expect } from "vitest";
import type { Db } from "@/lib/db";
import type { AccountRef } from "@/lib/ledger/accounts";
import { checkLedgerInvariants } from "@/lib/ledger/invariants";

export function newUser(): AccountRef & { kind: "user" } {
  return { kind: "user", userId: randomUUID() };
}

export function newGuest(): AccountRef & { kind: "guest" } {
  return { kind: "guest", guestId: randomUUID() };
}

export async function expectNoViolations(db: Db, now?: Date): Promise<void> {
  const violations = await checkLedgerInvariants(db, { now });
  expect(violations.filter((v) => v.severity === "error")).toEqual([]);
}

export async function countRows(db: Db): Promise<Record<string, number>> {
  const rows = await db.$queryRaw<{ t: string; n: number }[]>`
    SELECT 'tx' AS t, count(*)::int AS n FROM "LedgerTransaction"
    UNION ALL SELECT 'entries', count(*)::int FROM "LedgerEntry"
    UNION ALL SELECT 'grants', count(*)::int FROM "LedgerGrant"
    UNION ALL SELECT 'draws', count(*)::int FROM "LedgerGrantDraw"
    UNION ALL SELECT 'holds', count(*)::int FROM "LedgerHold"`;
  return Object.fromEntries(rows.map((r) => [r.t, r.n]));
}
