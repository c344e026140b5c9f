// What a ledger entry is, named for people. The ledger's transaction kinds are coarse (an admin's
// negative adjustment, a Stripe refund's clawback and an approved dispute's credit are all posted
// as "refund"); the statement tells them apart by the transaction's metadata and the sign.
export const ENTRY_KINDS = {
  plan_allowance: "Plan allowance",
  trial: "Trial credit",
  promo: "Promo credit",
  purchase: "Purchase",
  usage: "Usage",
  adjustment: "Adjustment",
  refund: "Refund",
  chargeback: "Chargeback",
  chargeback_reversal: "Chargeback reversed",
  dispute_credit: "Dispute credit",
  expiry: "Expiry",
  transfer: "Transfer",
} as const;

export type EntryKind = keyof typeof ENTRY_KINDS;

export type EntryFacts = {
  /** The transaction's LedgerKind. */
  ledgerKind: string;
  amount: bigint;
  /** Grant source (metadata.source): allowance, trial, promo, adjustment, purchase. */
  source: string | null;
  /** metadata.adjustment: an admin's adjustment, whichever way it went. */
  adjustment: boolean;
  /** metadata.disputeId: tied to a dispute (a user's, or a Stripe chargeback). */
  disputeId: string | null;
};

export function entryKind(f: EntryFacts): EntryKind {
  if (f.adjustment) return "adjustment";
  switch (f.ledgerKind) {
    case "grant":
      if (f.source === "allowance") return "plan_allowance";
      if (f.source === "trial") return "trial";
      if (f.source === "promo") return "promo";
      if (f.source === "purchase") return "purchase";
      return "adjustment";
    case "purchase":
      return "purchase";
    case "usage":
      return "usage";
    case "adjustment":
      return "adjustment";
    case "refund":
      // A credit on a refund transaction is an approved dispute paid back in PT; a debit is the
      // PT taken back for money refunded.
      return f.amount > 0n ? "dispute_credit" : "refund";
    case "chargeback":
      return f.amount > 0n ? "chargeback_reversal" : "chargeback";
    case "expiry":
      return "expiry";
    case "transfer":
      return "transfer";
    default:
      return "adjustment";
  }
}

export function entryKindLabel(kind: string): string {
  return kind in ENTRY_KINDS ? ENTRY_KINDS[kind as EntryKind] : kind;
}
