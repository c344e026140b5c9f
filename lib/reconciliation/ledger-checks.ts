// Ledger invariants as reconciliation issues. The ledger's checker reports an open hold past its
// expiry as a warning (the sweeper runs every minute, so that is lag); a hold still open well past
// the grace means the sweeper is not running and the user's PT is frozen: an error.
import { checkLedgerInvariants } from "@/lib/ledger/invariants";
import type { Issue, ReconDb } from "@/lib/reconciliation/types";

export const STALE_HOLD_GRACE_MS = 15 * 60_000;

export async function ledgerIssues(db: ReconDb, now: Date): Promise<Issue[]> {
  const violations = await checkLedgerInvariants(db, { now });
  const staleIds = violations.filter((v) => v.kind === "hold_past_expiry").map((v) => v.refs.holdId ?? "");
  const expiries = new Map<string, Date>();
  if (staleIds.length > 0) {
    const rows = await db.ledgerHold.findMany({
      where: { id: { in: staleIds.filter(Boolean) } },
      select: { id: true, expiresAt: true },
    });
    for (const row of rows) expiries.set(row.id, row.expiresAt);
  }
  return violations.map((v) => {
    const issue: Issue = { severity: v.severity, kind: v.kind, message: v.message, refs: v.refs };
    if (v.kind !== "hold_past_expiry") return issue;
    const expiresAt = expiries.get(v.refs.holdId ?? "");
    if (expiresAt && now.getTime() - expiresAt.getTime() > STALE_HOLD_GRACE_MS) {
      return {
        severity: "error",
        kind: "hold_stale",
        message: `${v.message}; expired at ${expiresAt.toISOString()}, beyond the sweeper's grace`,
        refs: { ...v.refs, expiresAt: expiresAt.toISOString() },
      };
    }
    return issue;
  });
}
