// What the reconciliation finds. Severity: error = money is wrong or unexplained (admins are
// emailed); warning = something needed fixing or attention (a healed payment, low margin, lag);
// info = worth recording, nothing to do.
import type { Prisma, PrismaClient } from "@/lib/generated/prisma/client";

export type Severity = "error" | "warning" | "info";

export type Issue = {
  severity: Severity;
  kind: string;
  message: string;
  refs: Record<string, string>;
};

export type ReconDb = PrismaClient | Prisma.TransactionClient;

export function countBySeverity(issues: Issue[]): { errors: number; warnings: number; infos: number } {
  return {
    errors: issues.filter((i) => i.severity === "error").length,
    warnings: issues.filter((i) => i.severity === "warning").length,
    infos: issues.filter((i) => i.severity === "info").length,
  };
}
