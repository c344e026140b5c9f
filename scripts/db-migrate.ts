// `npm run db:migrate`: applies pending migrations to DATABASE_URL, or to the embedded PGlite at
// DATA_DIR/pglite when DATABASE_URL is unset. Safe to run concurrently (advisory lock).
import path from "node:path";
import { MigrationError, migratePglite, migrateUrl } from "@/lib/db/migrate";
import { env } from "@/lib/env";

async function main(): Promise<void> {
  const { DATABASE_URL, DATA_DIR } = env();
  let applied: string[];
  if (DATABASE_URL) {
    ({ applied } = await migrateUrl(DATABASE_URL));
  } else {
    const { PGlite } = await import("@electric-sql/pglite");
    const dataDir = path.resolve(DATA_DIR, "pglite");
    const pglite = await PGlite.create({ dataDir });
    try {
      ({ applied } = await migratePglite(pglite));
    } finally {
      await pglite.close();
    }
    console.log(`embedded database: ${dataDir}`);
  }
  console.log(applied.length === 0 ? "no pending migrations" : `applied: ${applied.join(", ")}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof MigrationError ? `migration refused: ${error.message}` : error);
  process.exit(1);
});
