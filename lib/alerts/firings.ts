// The alerts the nightly job fired (cost anomalies and custom rules), newest first, for the admin
// console.
import type { Db } from "@/lib/db";

export type AlertFiringView = {
  id: string;
  kind: string;
  subject: string;
  ruleId: string | null;
  day: Date;
  value: bigint;
  detail: unknown;
  createdAt: Date;
};

export async function listAlertFirings(db: Db, limit = 50): Promise<AlertFiringView[]> {
  return db.alertFiring.findMany({
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: Math.min(limit, 200),
    select: {
      id: true,
      kind: true,
      subject: true,
      ruleId: true,
      day: true,
      value: true,
      detail: true,
      createdAt: true,
    },
  });
}
