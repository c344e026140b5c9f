// The restore drill of DEPLOYMENT.md on the local Postgres: a database with ledger activity is
// dumped and restored into a fresh one; the copy passes the ledger invariant checker and holds the
// same ledger as its source. And the drill can fail: a copy whose balances were damaged after the
// restore is reported.
import { describe, expect, it } from "vitest";
import { runRestoreDrill } from "@/scripts/restore-drill";
import { testDatabaseUrl } from "@/tests/helpers/db";

describe("restore drill", () => {
  const baseUrl = testDatabaseUrl();

  it("restores a dump whose ledger is whole and equal to its source", async () => {
    expect(baseUrl, "TEST_DATABASE_URL must point at Postgres (scripts/test.sh sets it)").toBeDefined();
    const result = await runRestoreDrill({ baseUrl: baseUrl ?? "" });
    expect(result.violations).toEqual([]);
    expect(Number(result.after.transactions)).toBeGreaterThanOrEqual(10);
    expect(Number(result.after.holds_open)).toBe(5);
    expect(result.after).toEqual(result.before);
    expect(result.ok).toBe(true);
  });

  it("fails when the restored ledger does not add up", async () => {
    const result = await runRestoreDrill({
      baseUrl: baseUrl ?? "",
      damage: async (copy) => {
        await copy.$executeRaw`UPDATE "LedgerAccount" SET posted = posted + 1 WHERE id = (SELECT id FROM "LedgerAccount" WHERE type = 'user' LIMIT 1)`;
      },
    });
    expect(result.ok).toBe(false);
    expect(result.violations.length).toBeGreaterThan(0);
  });
});
