// UTC calendar periods used by cron run keys, the nightly reconciliation and the monthly close.
// Pure functions; a period is the half-open range [from, to).

export type Range = { from: Date; to: Date };

const DAY_MS = 86_400_000;
const DAY_PATTERN = /^\d{4}-\d{2}-\d{2}$/;
const MONTH_PATTERN = /^\d{4}-\d{2}$/;

/** "2026-11-21" for the UTC day containing `at`. */
export function utcDay(at: Date): string {
  return at.toISOString().slice(0, 10);
}

/** "2026-11" for the UTC month containing `at`. */
export function utcMonth(at: Date): string {
  return at.toISOString().slice(0, 7);
}

export function previousUtcDay(now: Date): string {
  return utcDay(new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()) - DAY_MS));
}

export function previousUtcMonth(now: Date): string {
  return utcMonth(new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1)));
}

export function dayRange(day: string): Range {
  const from = new Date(`${day}T00:00:00.000Z`);
  if (!DAY_PATTERN.test(day) || Number.isNaN(from.getTime()) || utcDay(from) !== day) {
    throw new RangeError(`not a UTC day (YYYY-MM-DD): ${day}`);
  }
  return { from, to: new Date(from.getTime() + DAY_MS) };
}

export function monthRange(month: string): Range {
  const from = new Date(`${month}-01T00:00:00.000Z`);
  if (!MONTH_PATTERN.test(month) || Number.isNaN(from.getTime()) || utcMonth(from) !== month) {
    throw new RangeError(`not a UTC month (YYYY-MM): ${month}`);
  }
  return { from, to: new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth() + 1, 1)) };
}
