// The built-in legal texts are versioned by fingerprint: each published version records the sha256
// of its text rendered from fixed fixtures (an identity and two sets of facts, so both sides of a
// conditional count), and this test renders every version whose text is kept and compares. A
// template edit without a new version fails here — publish it as a new version instead (versions.ts)
// and move the old template to templates-archive.ts. Pure: no database.
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { LegalFacts } from "@/lib/legal/facts";
import { builtInMarkdown } from "@/lib/legal/templates";
import { BUILT_IN_HISTORY, latestBuiltIn } from "@/lib/legal/versions";
import { LEGAL_DOCUMENT_IDS } from "@/lib/settings/legal";
import type { OperatorSettings } from "@/lib/settings/operator";

const OPERATOR: OperatorSettings = {
  productName: "Fixture Chat",
  legalEntity: "Fixture Ltd",
  legalAddress: "1 Fixture Street, 1000 Fixtureville",
  supportEmail: "help@fixture.example",
  jurisdiction: "Fixtureland",
  governingLaw: "the law of Fixtureland",
  vatId: "FX123456789",
};

const BARE: LegalFacts = {
  processors: [],
  plans: [{ name: "Free", price: "$0", allowance: "10,000 PT" }],
  packs: ["100,000 PT for $5.00"],
  testMode: true,
  analytics: false,
  guestTrialPt: "2,000",
  guestDays: 30,
  sessionIdleMinutes: 60,
  sessionMaxDays: 30,
  sessionRetentionDays: 90,
  tokenGraceDays: 7,
  retention: {
    conversationDays: 0,
    deletedConversationDays: 30,
    noHistoryHours: 24,
    emailDays: 0,
    sessionDays: 90,
    auditDays: 0,
    logDays: 0,
  },
  deletionGraceDays: 0,
};

const FULL: LegalFacts = {
  ...BARE,
  processors: [
    { name: "Stripe", purpose: "payments", data: "billing details" },
    { name: "Anthropic", purpose: "AI replies", data: "conversation text" },
  ],
  plans: [...BARE.plans, { name: "Pro", price: "$20.00", allowance: "2,000,000 PT" }],
  testMode: false,
  analytics: true,
  retention: {
    conversationDays: 365,
    deletedConversationDays: 30,
    noHistoryHours: 24,
    emailDays: 90,
    sessionDays: 90,
    auditDays: 730,
    logDays: 30,
  },
  deletionGraceDays: 7,
};

function fingerprint(id: (typeof LEGAL_DOCUMENT_IDS)[number], version: string): string | null {
  const texts = [OPERATOR, { ...OPERATOR, legalAddress: undefined, vatId: undefined }].flatMap((o) =>
    [BARE, FULL].map((f) => builtInMarkdown(id, version, o, f)),
  );
  if (texts.some((t) => t === null)) return null;
  return createHash("sha256").update(texts.join("\n\u0000\n")).digest("hex");
}

describe("built-in legal texts are versioned by fingerprint", () => {
  for (const id of LEGAL_DOCUMENT_IDS) {
    it(`${id}: every kept version renders the text it was published with`, () => {
      const history = BUILT_IN_HISTORY[id];
      expect(new Set(history.map((v) => v.version)).size, "versions are unique").toBe(history.length);
      const dates = history.map((v) => v.effectiveDate);
      expect(dates, "effective dates in order").toEqual([...dates].sort());
      for (const v of history) {
        const actual = fingerprint(id, v.version);
        if (v === latestBuiltIn(id))
          expect(actual, "the latest version's text is the current template").not.toBeNull();
        if (actual === null) continue;
        expect(
          actual,
          `${id} version ${v.version}: its text changed. A published text never changes: add a new version to ` +
            `BUILT_IN_HISTORY (effective today or later, with a summary of changes and sha256 "${actual}") ` +
            "and keep the old template in templates-archive.ts.",
        ).toBe(v.sha256);
      }
    });
  }
});
