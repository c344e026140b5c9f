// Pages and route handlers read and write through lib/<domain> services: no Prisma query in app/.
// Lint cannot see a query on a client passed around as a value, so this test reads the sources.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const QUERY =
  /\.(findMany|findFirst|findFirstOrThrow|findUnique|findUniqueOrThrow|count|aggregate|groupBy|create|createMany|update|updateMany|upsert|delete|deleteMany)\(|\$(queryRaw|executeRaw|queryRawUnsafe|executeRawUnsafe|transaction)\b/;
// A Prisma query is a model delegate call: `<client>.<model>.<operation>(`.
const MODEL_CALL = new RegExp(`\\b\\w+\\.[a-z]\\w*${QUERY.source}`);

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sources(full);
    return /\.(ts|tsx)$/.test(entry.name) ? [full] : [];
  });
}

function prismaQueries(source: string): string[] {
  return source
    .split("\n")
    .filter((line) => MODEL_CALL.test(line) || /\$(queryRaw|executeRaw|transaction)\b/.test(line));
}

describe("app/ has no Prisma query", () => {
  it("recognises a query when it sees one", () => {
    expect(prismaQueries("  const rows = await db.payment.findMany({ where });")).toHaveLength(1);
    expect(prismaQueries("  await tx.$queryRaw`SELECT 1`;")).toHaveLength(1);
    expect(prismaQueries("  const page = await listAudit(db, filter);")).toEqual([]);
    expect(prismaQueries("  const url = new URL(request.url);")).toEqual([]);
  });

  it("finds none in any page or route handler", () => {
    const found = sources(path.resolve("app")).flatMap((file) =>
      prismaQueries(readFileSync(file, "utf8")).map((line) => `${path.relative(".", file)}: ${line.trim()}`),
    );
    expect(found).toEqual([]);
  });
});
