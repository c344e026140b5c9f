// What a typical message costs on a model, as the picker and the pricing page say it: the median
// charge of the model's completed messages over the last 30 days once there are enough of them
// (what people here actually pay), else a nominal message of 200 tokens in and 400 out at the
// current price. One definition, so the picker, the pricing page and the help page agree.
import type { Db } from "@/lib/db";
import type { ModelPrice } from "@/lib/pricing/prices";
import { costOf } from "@/lib/pricing/prices";
import { ttlCache } from "@/lib/ttl-cache";

/** The nominal message when a model has too few recent messages to measure. */
export const TYPICAL_MESSAGE = { inputTokens: 200, outputTokens: 400 };
/** Fewer completed messages than this in the window: the median says little, the nominal is used. */
export const MIN_MEASURED_MESSAGES = 20;
const WINDOW_DAYS = 30;

export type TypicalMessage = { pt: bigint; measured: boolean };

type MedianRow = { model: string; n: number; median: bigint };
// One scan of the window at most every 5 minutes per process: the figure is a rule of thumb.
const medians = ttlCache<Map<string, MedianRow>>(null, 5 * 60_000, 1);

async function recentMedians(db: Db): Promise<Map<string, MedianRow>> {
  const cached = medians.get("all");
  if (cached) return cached;
  const rows = await db.$queryRaw<MedianRow[]>`
    SELECT model, count(*)::int AS n,
           percentile_disc(0.5) WITHIN GROUP (ORDER BY "ptCharged") AS median
    FROM "Message"
    WHERE role = 'assistant' AND status = 'complete' AND model IS NOT NULL AND "ptCharged" IS NOT NULL
      AND "settledAt" > now() - make_interval(days => ${WINDOW_DAYS})
    GROUP BY model`;
  const byModel = new Map(rows.map((r) => [r.model, r]));
  medians.set("all", byModel);
  return byModel;
}

/** The typical message of each priced model (by model id). */
export async function typicalMessages(db: Db, prices: ModelPrice[]): Promise<Map<string, TypicalMessage>> {
  const measured = await recentMedians(db);
  return new Map(
    prices.map((price) => {
      const row = measured.get(price.model);
      return [
        price.model,
        row && row.n >= MIN_MEASURED_MESSAGES
          ? { pt: row.median, measured: true }
          : { pt: costOf(price, TYPICAL_MESSAGE).pt, measured: false },
      ];
    }),
  );
}

/** Forgets the measured medians (tests). */
export function forgetTypicalMessages(): void {
  medians.clear();
}
