// Pieces every built-in legal text uses: the identity block, the processor list and the law
// clause. Past versions (templates-archive.ts) use them too, so a change here changes published
// texts: the fingerprint test (tests/compliance/legal-versions.test.ts) then fails.
import type { LegalFacts } from "@/lib/legal/facts";
import type { OperatorSettings } from "@/lib/settings/operator";

export const missing = (what: string) => `**[${what} not configured]**`;

export function identity(o: OperatorSettings): string {
  return [
    `**${o.legalEntity}**`,
    o.legalAddress ?? missing("postal address"),
    `Email: ${o.supportEmail}`,
    o.vatId ? `VAT / tax id: ${o.vatId}` : null,
  ]
    .filter(Boolean)
    .join("  \n");
}

export function processorList(f: LegalFacts): string {
  if (f.processors.length === 0) {
    return "- None: this deployment sends personal data to no outside service (AI replies come from a built-in model, email stays on the server).";
  }
  return f.processors.map((p) => `- **${p.name}** — ${p.purpose} (${p.data})`).join("\n");
}

export function law(o: OperatorSettings): string {
  const gov = o.governingLaw ?? missing("governing law");
  const courts = o.jurisdiction ?? missing("jurisdiction");
  return `These terms are governed by ${gov}. The courts of ${courts} have jurisdiction, without prejudice to mandatory consumer protection where you live.`;
}
