// Cost anomaly detection over one UTC day: each user's and each model's PT spend of the day against
// its trailing baseline, the median of the 14 days before it (days without usage count 0). A subject
// is anomalous when its spend is above the floor AND above factor × median. Exact integer
// arithmetic: 14 days have an even count, so median = (7th + 8th smallest) / 2 and
//   spend > factor × median  ⇔  spend · 200 > factorHundredths · (7th + 8th).
// Only subjects above the floor on the day are ranked, so the scan is the ledger's usage of 15 days.
import type { Db } from "@/lib/db";
import { dayRange } from "@/lib/periods";

/** The baseline's length; its median is the mean of the 7th and 8th smallest days (SQL below). */
export const BASELINE_DAYS = 14;

export type AnomalySubject = { kind: "user" | "model"; id: string };
export type Anomaly = AnomalySubject & {
  day: string;
  spentPt: bigint;
  /** Twice the baseline median (an integer: the sum of the two middle days). */
  twiceMedianPt: bigint;
  /** Days of the baseline with any usage. */
  activeDays: number;
};

/** A factor in hundredths for people: 300n → "3", 250n → "2.5", 305n → "3.05". */
export function formatFactor(hundredths: bigint): string {
  const frac = (hundredths % 100n).toString().padStart(2, "0").replace(/0$/, "");
  return `${hundredths / 100n}${hundredths % 100n ? `.${frac}` : ""}`;
}

type Row = { kind: "user" | "model"; subject: string; pt: bigint; twice: bigint; active: number };

/** Subjects above `floorPt` on `day`, with their baseline median (doubled). */
async function candidates(db: Db, day: string, floorPt: bigint): Promise<Row[]> {
  const range = dayRange(day);
  const from = new Date(range.from.getTime() - BASELINE_DAYS * 86_400_000);
  return db.$queryRaw<Row[]>`
    WITH tx AS (
      SELECT t.id, coalesce(t.metadata->>'model', 'unknown') AS model,
             (t."createdAt" AT TIME ZONE 'UTC')::date AS day
      FROM "LedgerTransaction" t
      WHERE t.kind = 'usage' AND t."createdAt" >= ${from} AND t."createdAt" < ${range.to}),
    daily AS (
      SELECT 'user' AS kind, a."ownerId" AS subject, tx.day, sum(-e.amount)::bigint AS pt
      FROM tx JOIN "LedgerEntry" e ON e."transactionId" = tx.id AND e.amount < 0
      JOIN "LedgerAccount" a ON a.id = e."accountId" AND a.type = 'user'
      GROUP BY a."ownerId", tx.day
      UNION ALL
      SELECT 'model', tx.model, tx.day, sum(e.amount)::bigint
      FROM tx JOIN "LedgerEntry" e ON e."transactionId" = tx.id AND e.amount > 0
      GROUP BY tx.model, tx.day),
    target AS (
      SELECT kind, subject, pt FROM daily WHERE day = ${day}::date AND pt > ${floorPt}::bigint),
    baseline AS (
      SELECT g.kind, g.subject, coalesce(d.pt, 0)::bigint AS pt,
             row_number() OVER (PARTITION BY g.kind, g.subject ORDER BY coalesce(d.pt, 0)) AS rn
      FROM target g
      CROSS JOIN generate_series(${day}::date - ${BASELINE_DAYS}::int, ${day}::date - 1, interval '1 day') AS s(day)
      LEFT JOIN daily d ON d.kind = g.kind AND d.subject = g.subject AND d.day = s.day::date)
    SELECT g.kind, g.subject, g.pt,
      (SELECT coalesce(sum(b.pt), 0) FROM baseline b
        WHERE b.kind = g.kind AND b.subject = g.subject AND b.rn IN (7, 8))::bigint AS twice,
      (SELECT count(*) FROM baseline b WHERE b.kind = g.kind AND b.subject = g.subject AND b.pt > 0)::int AS active
    FROM target g ORDER BY g.pt DESC, g.kind, g.subject`;
}

/** The day's anomalies, largest spend first. */
export async function findCostAnomalies(
  db: Db,
  input: { day: string; factorHundredths: bigint; floorPt: bigint },
): Promise<Anomaly[]> {
  const rows = await candidates(db, input.day, input.floorPt);
  return rows
    .filter((r) => r.pt * 200n > input.factorHundredths * r.twice)
    .map((r) => ({
      kind: r.kind,
      id: r.subject,
      day: input.day,
      spentPt: r.pt,
      twiceMedianPt: r.twice,
      activeDays: r.active,
    }));
}
