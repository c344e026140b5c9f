// Opens a migrated test database on a chosen backend (createTestDatabase picks Postgres whenever
// TEST_DATABASE_URL is set), so outbox tests run on both Postgres and PGlite.
import { createTestDatabase, type TestBackend, type TestDatabase } from "@/tests/helpers/db";

export async function openTestDatabase(backend: TestBackend): Promise<TestDatabase> {
  const saved = process.env.TEST_DATABASE_URL;
  if (backend === "pglite") delete process.env.TEST_DATABASE_URL;
  try {
    return await createTestDatabase();
  } finally {
    if (saved !== undefined) process.env.TEST_DATABASE_URL = saved;
  }
}
