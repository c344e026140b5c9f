// Offline schema diff: Prisma's schema engine (WASM build) compares the migrations folder with
// schema.prisma and writes the SQL that takes one to the other. It runs against an in-memory PGlite
// only, because the engine uses its main connection as the shadow database and replays every
// migration into it: pointed at a real database it would wipe it.
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";
import type { DiffTarget, MigrationList, SchemaEngine } from "@prisma/schema-engine-wasm";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { listMigrationDirs } from "@/lib/db/migrate";

type EngineModule = { SchemaEngine: typeof SchemaEngine };

let enginePromise: Promise<EngineModule> | undefined;

/** Loads the WASM engine by hand: the package's own entry imports a .wasm module Node cannot load. */
function loadEngine(): Promise<EngineModule> {
  enginePromise ??= (async () => {
    const require = createRequire(import.meta.url);
    const pkgDir = path.dirname(require.resolve("@prisma/schema-engine-wasm/schema_engine_bg"));
    const bg = (await import("@prisma/schema-engine-wasm/schema_engine_bg")) as unknown as EngineModule & {
      __wbg_set_wasm(exports: WebAssembly.Exports): void;
    };
    const bytes = await readFile(path.join(pkgDir, "schema_engine_bg.wasm"));
    const { instance } = await WebAssembly.instantiate(bytes, {
      "./schema_engine_bg.js": bg as unknown as WebAssembly.ModuleImports,
    });
    bg.__wbg_set_wasm(instance.exports);
    (instance.exports.__wbindgen_start as () => void)();
    return bg;
  })();
  return enginePromise;
}

/** Reads prisma/migrations into the engine's MigrationList shape. */
export async function readMigrationList(migrationsDir: string): Promise<MigrationList> {
  const baseDir = path.resolve(migrationsDir);
  const lockPath = path.join(baseDir, "migration_lock.toml");
  // Without a lock file the engine cannot tell the connector; Postgres is the only one we use.
  const lockContent = await readFile(lockPath, "utf8").catch(() => 'provider = "postgresql"\n');
  const dirs = await listMigrationDirs(baseDir);
  return {
    baseDir,
    lockfile: { path: "migration_lock.toml", content: lockContent },
    shadowDbInitScript: "",
    migrationDirectories: await Promise.all(
      dirs.map(async (name) => {
        const file = path.join(baseDir, name, "migration.sql");
        const content = await readFile(file, "utf8").then(
          (value) => ({ tag: "ok" as const, value }),
          (error: unknown) => ({ tag: "error" as const, value: String(error) }),
        );
        return { path: name, migrationFile: { path: "migration.sql", content } };
      }),
    ),
  };
}

export type SchemaDiffOptions = {
  /** Path of schema.prisma (default prisma/schema.prisma under the working directory). */
  schemaPath?: string;
  /** Schema text to use instead of reading schemaPath (tests diff temp variants). */
  schemaText?: string;
  /** Migrations folder (default prisma/migrations under the working directory). */
  migrationsDir?: string;
};

/**
 * The SQL script that takes a database built from the migrations folder to schema.prisma.
 * Returns "" when they agree (the engine prints a comment-only script then; we strip it).
 */
export async function schemaDiff(options: SchemaDiffOptions = {}): Promise<string> {
  const schemaPath = path.resolve(options.schemaPath ?? "prisma/schema.prisma");
  const migrationsDir = options.migrationsDir ?? "prisma/migrations";
  const schemaText = options.schemaText ?? (await readFile(schemaPath, "utf8"));
  const { SchemaEngine } = await loadEngine();
  const pglite = new PGlite();
  try {
    const adapter = bindMigrationAwareSqlAdapterFactory(new PrismaPGlite(pglite));
    const logs: string[] = [];
    const engine = await SchemaEngine.new(
      { datamodels: [[schemaPath, schemaText]] },
      (line: string) => logs.push(line),
      adapter,
    );
    try {
      const from: DiffTarget = { tag: "migrations", ...(await readMigrationList(migrationsDir)) };
      const to: DiffTarget = { tag: "schemaDatamodel", files: [{ path: schemaPath, content: schemaText }] };
      const result = await engine.diff({
        from,
        to,
        script: true,
        exitCode: null,
        filters: { externalTables: [], externalEnums: [] },
      });
      return normalizeScript(result.stdout ?? "");
    } finally {
      engine.free();
    }
  } finally {
    await pglite.close();
  }
}

/** An empty diff comes back as "-- This is an empty migration."; treat comment-only scripts as empty. */
function normalizeScript(script: string): string {
  const meaningful = script.split("\n").some((line) => line.trim() !== "" && !line.trim().startsWith("--"));
  return meaningful ? `${script.trimEnd()}\n` : "";
}
