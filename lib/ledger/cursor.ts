// The statement cursor, checked without importing the database (route schemas and pages use it).
const MAX_BIGINT = 9_223_372_036_854_775_807n;

/** A statement cursor is an entry id: a Postgres bigint, so 19 digits alone would let 2^63 through. */
export function isEntryCursor(cursor: string): boolean {
  return /^\d{1,19}$/.test(cursor) && BigInt(cursor) <= MAX_BIGINT;
}
