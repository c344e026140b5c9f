// `npm run db:seed [-- --admin-email you@example.com]`: creates the admin and demo users if
// missing and prints their random passwords once. Uses the same database getDb() would.

import { formatSeedCredentials, seedDatabase } from "@/lib/admin/seed";
import { closeDb, getDb } from "@/lib/db";

async function main(): Promise<void> {
  const flag = process.argv.indexOf("--admin-email");
  const adminEmail = flag >= 0 ? process.argv[flag + 1] : undefined;
  const prisma = await getDb();
  try {
    const created = await seedDatabase(prisma, { adminEmail });
    console.log(
      created.length === 0 ? "seed users already exist; nothing created" : formatSeedCredentials(created),
    );
  } finally {
    await closeDb();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
