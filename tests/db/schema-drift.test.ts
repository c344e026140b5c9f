// schema.prisma and prisma/migrations must describe the same database: a schema change without
// `npm run db:diff -- <name>` fails here.
import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { schemaDiff } from "@/lib/db/schema-diff";

describe("schema drift", () => {
  it("has no difference between the migrations and schema.prisma", async () => {
    const script = await schemaDiff();
    expect(script, `run \`npm run db:diff -- <name>\`; pending SQL:\n${script}`).toBe("");
  });

  it("reports a model missing from the migrations (so the check can fail)", async () => {
    const schema = await readFile("prisma/schema.prisma", "utf8");
    const script = await schemaDiff({
      schemaText: `${schema}\nmodel DriftProbe {\n  id Int @id\n  label String\n}\n`,
    });
    expect(script).toContain('CREATE TABLE "DriftProbe"');
  });
});
