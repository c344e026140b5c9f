// Payments versus credits as a pure comparison, on fixtures: matches, gaps either way, mismatched
// amounts/PT/owner, double credits, midnight crossings, and the heal callback's three outcomes.
import { describe, expect, it, vi } from "vitest";
import type { LedgerCredit, StripePayment } from "@/lib/reconciliation/payments";
import { comparePayments, reconcilePayments } from "@/lib/reconciliation/payments";

const day = { from: new Date("2026-11-21T00:00:00Z"), to: new Date("2026-11-22T00:00:00Z") };
const at = (iso: string) => new Date(`2026-11-${iso}Z`);

function payment(id: string, over: Partial<StripePayment> = {}): StripePayment {
  return {
    paymentId: id,
    kind: "charge",
    userId: "u1",
    amountMinor: 500n,
    currency: "usd",
    pt: 50_000n,
    createdAt: at("21T10:00:00"),
    ...over,
  };
}

function credit(id: string, over: Partial<LedgerCredit> = {}): LedgerCredit {
  return {
    paymentId: id,
    transactionId: `tx_${id}`,
    ownerId: "u1",
    pt: 50_000n,
    amountMinor: 500n,
    currency: "usd",
    createdAt: at("21T10:00:01"),
    ...over,
  };
}

describe("comparePayments", () => {
  it("matches payments and credits by payment id", () => {
    const r = comparePayments({
      day,
      payments: [payment("a"), payment("b")],
      credits: [credit("b"), credit("a")],
    });
    expect(r).toEqual({ matched: 2, missing: [], orphans: [], mismatches: [], duplicates: [] });
  });

  it("finds a payment without credit and a credit without payment", () => {
    const r = comparePayments({ day, payments: [payment("paid")], credits: [credit("ghost")] });
    expect(r.missing.map((p) => p.paymentId)).toEqual(["paid"]);
    expect(r.orphans.map((c) => c.paymentId)).toEqual(["ghost"]);
  });

  it("flags amount, currency, PT and owner mismatches; skips fields the credit does not carry", () => {
    const r = comparePayments({
      day,
      payments: [payment("amt"), payment("pt"), payment("own"), payment("cur"), payment("bare")],
      credits: [
        credit("amt", { amountMinor: 499n }),
        credit("pt", { pt: 49_999n }),
        credit("own", { ownerId: "u2" }),
        credit("cur", { currency: "EUR" }),
        credit("bare", { amountMinor: undefined, currency: undefined }),
      ],
    });
    expect(r.mismatches.map((m) => [m.payment.paymentId, m.fields])).toEqual([
      ["amt", ["amount"]],
      ["pt", ["pt"]],
      ["own", ["owner"]],
      ["cur", ["currency"]],
    ]);
    expect(r.matched).toBe(1);
  });

  it("flags a payment credited twice", () => {
    const r = comparePayments({
      day,
      payments: [payment("dup", { pt: 100_000n })],
      credits: [credit("dup"), credit("dup", { transactionId: "tx_dup2" })],
    });
    expect(r.duplicates).toHaveLength(1);
    expect(r.duplicates[0]?.map((c) => c.transactionId)).toEqual(["tx_dup", "tx_dup2"]);
  });

  it("matches across midnight but judges only the day's own payments and credits", () => {
    const r = comparePayments({
      day,
      payments: [
        payment("late", { createdAt: at("21T23:59:58") }),
        payment("tomorrow", { createdAt: at("22T00:30:00") }),
        payment("yesterday-paid", { createdAt: at("20T23:59:00") }),
      ],
      credits: [
        credit("late", { createdAt: at("22T00:00:03") }),
        credit("yesterday-paid", { createdAt: at("21T00:00:02") }),
        credit("old-orphan", { createdAt: at("20T12:00:00") }),
      ],
    });
    expect(r).toMatchObject({ matched: 1, missing: [], orphans: [], mismatches: [] });
  });
});

describe("reconcilePayments", () => {
  it("heals each missing credit and grades the outcomes", async () => {
    const comparison = comparePayments({
      day,
      payments: [payment("heal"), payment("raced"), payment("broken"), payment("amt")],
      credits: [credit("orphan"), credit("amt", { amountMinor: 1n })],
    });
    const heal = vi.fn(async (p: StripePayment) => {
      if (p.paymentId === "broken") throw new Error("Stripe says no");
      return { created: p.paymentId === "heal", transactionId: `tx_new_${p.paymentId}` };
    });
    const { issues, healed } = await reconcilePayments(comparison, heal);
    expect(heal).toHaveBeenCalledTimes(3);
    expect(healed).toBe(1);
    expect(issues.map((i) => [i.kind, i.severity, i.refs.paymentId])).toEqual([
      ["payment_credit_missing_healed", "warning", "heal"],
      ["payment_credit_late", "info", "raced"],
      ["payment_heal_failed", "error", "broken"],
      ["credit_without_payment", "error", "orphan"],
      ["payment_credit_mismatch", "error", "amt"],
    ]);
    expect(issues[0]?.refs.transactionId).toBe("tx_new_heal");
  });
});
