// Feature flags in force. Three layers, the first that has a value wins: an admin override
// (OperatorSetting key "flags", written by lib/admin/flags.ts with an audit row), the FEATURE_FLAGS
// environment variable, the default in lib/feature-flags.ts. The admin layer wins so that an
// operator can switch a feature off (or back on) at run time without a deploy; clearing the
// override returns the flag to what the deployment says. Reads go through the same short cache as
// the other operator settings: a write on this instance forgets it at once, other instances follow
// within FLAG_CACHE_MS, so a flag read on the hot path is one map lookup. A database that does not
// answer falls back to env and defaults (not cached, so the next read tries again).
import type { Db } from "@/lib/db";
import { getDb } from "@/lib/db";
import { env } from "@/lib/env";
import { FLAG_NAMES, FLAGS, type FlagName, type FlagValues, isFlagName } from "@/lib/feature-flags";
import { logger } from "@/lib/logger";
import { forgetCached, ttlCache } from "@/lib/ttl-cache";

export const FLAGS_KEY = "flags";
export const FLAG_CACHE = "feature-flags";
export const FLAG_CACHE_MS = 10_000;

export type FlagSource = "admin" | "env" | "default";

export type FlagState = {
  name: FlagName;
  description: string;
  owner: string;
  default: boolean;
  /** FEATURE_FLAGS's value, when it names this flag. */
  env?: boolean;
  /** The admin override, when one is stored. */
  override?: boolean;
  effective: boolean;
  source: FlagSource;
};

type Effective = Record<FlagName, boolean>;
const cache = ttlCache<Effective>(FLAG_CACHE, FLAG_CACHE_MS, 4);

/** Stored overrides, keeping only known flags with boolean values (never throws). */
export function parseFlagOverrides(value: unknown): FlagValues {
  const out: FlagValues = {};
  if (!value || typeof value !== "object") return out;
  for (const [name, v] of Object.entries(value))
    if (isFlagName(name) && typeof v === "boolean") out[name] = v;
  return out;
}

export async function readFlagOverrides(db: Db): Promise<FlagValues> {
  const row = await db.operatorSetting.findUnique({ where: { key: FLAGS_KEY }, select: { value: true } });
  return parseFlagOverrides(row?.value);
}

/** Every flag with its layers and the value in force. */
export function resolveFlags(
  overrides: FlagValues,
  envValues: FlagValues = env().FEATURE_FLAGS,
): FlagState[] {
  return FLAG_NAMES.map((name) => {
    const def = FLAGS[name];
    const override = overrides[name];
    const fromEnv = envValues[name];
    const source: FlagSource = override !== undefined ? "admin" : fromEnv !== undefined ? "env" : "default";
    return {
      name,
      description: def.description,
      owner: def.owner,
      default: def.default,
      env: fromEnv,
      override,
      effective: override ?? fromEnv ?? def.default,
      source,
    };
  });
}

function effectiveOf(states: FlagState[]): Effective {
  return Object.fromEntries(states.map((s) => [s.name, s.effective])) as Effective;
}

/** The admin page's view: read from the database, not the cache. */
export async function flagStates(db: Db): Promise<FlagState[]> {
  return resolveFlags(await readFlagOverrides(db));
}

/** Every flag's value in force (cached; env and defaults when the database does not answer). */
export async function enabledFlags(db?: Db): Promise<Effective> {
  const hit = cache.get(FLAGS_KEY);
  if (hit) return hit;
  try {
    const value = effectiveOf(resolveFlags(await readFlagOverrides(db ?? (await getDb()))));
    cache.set(FLAGS_KEY, value);
    return value;
  } catch (error) {
    logger.warn({ err: error }, "feature flag overrides unavailable: using env and defaults");
    return effectiveOf(resolveFlags({}));
  }
}

/** Whether a feature is on (`await isEnabled("teams")`); a cached map lookup after the first call. */
export async function isEnabled(name: FlagName, db?: Db): Promise<boolean> {
  return (await enabledFlags(db))[name];
}

/** Stores the overrides (the caller audits in the same transaction); forget the cache after commit. */
export async function writeFlagOverrides(tx: Db, overrides: FlagValues, updatedBy: string): Promise<void> {
  const value = parseFlagOverrides(overrides);
  await tx.operatorSetting.upsert({
    where: { key: FLAGS_KEY },
    create: { key: FLAGS_KEY, value, updatedBy },
    update: { value, updatedBy },
  });
}

export function forgetFlags(): void {
  forgetCached(FLAG_CACHE, FLAGS_KEY);
}
