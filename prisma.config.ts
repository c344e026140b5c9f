// Prisma CLI configuration. Only `prisma generate` runs here (offline, see docs/database.md):
// migrations are applied by scripts/db-migrate.ts and written by scripts/db-diff.ts.
import { defineConfig } from "prisma/config";

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
});
