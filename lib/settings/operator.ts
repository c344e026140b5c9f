// The operator's identity (white-label): product name, logo, accent colour, legal entity and the
// facts printed in legal pages and mail. Env gives the defaults; the admin settings page stores
// overrides in OperatorSetting (key "operator"). Reads go through a short cache that a write on
// this instance forgets at once (other instances within OPERATOR_CACHE_MS). A database that does
// not answer falls back to the env defaults, so the status page and mail still render.
import { z } from "zod";
import type { Db } from "@/lib/db";
import { type Env, env } from "@/lib/env";
import { logger } from "@/lib/logger";
import { forgetCached, ttlCache } from "@/lib/ttl-cache";

export const OPERATOR_CACHE = "operator-settings";
export const OPERATOR_CACHE_MS = 10_000;
export const OPERATOR_KEY = "operator";

const text = (max: number) => z.string().trim().max(max);

/** What an admin may override; "" in a patch means "back to the env default". */
export const OperatorOverrides = z.strictObject({
  productName: text(60).min(1).optional(),
  logoUrl: text(500)
    .regex(/^(https:\/\/|\/)[^\s"'<>]*$/, "must be an https:// URL or a path on this site")
    .optional(),
  accentColor: text(7)
    .regex(/^#[0-9a-fA-F]{6}$/, "must be a #rrggbb colour")
    .optional(),
  legalEntity: text(200).min(1).optional(),
  legalAddress: text(500).min(1).optional(),
  supportEmail: z.email().max(254).optional(),
  jurisdiction: text(100).min(1).optional(),
  governingLaw: text(100).min(1).optional(),
  vatId: text(50).min(1).optional(),
});
export type OperatorOverrides = z.infer<typeof OperatorOverrides>;
export const OPERATOR_FIELDS = Object.keys(OperatorOverrides.shape) as (keyof OperatorOverrides)[];

export type OperatorSettings = {
  productName: string;
  logoUrl?: string;
  accentColor?: string;
  legalEntity: string;
  legalAddress?: string;
  supportEmail: string;
  jurisdiction?: string;
  governingLaw?: string;
  vatId?: string;
};

/** The address part of "Name <addr>" or a bare address. */
export function mailAddress(from: string): string {
  const m = /<([^>]+)>\s*$/.exec(from);
  return (m?.[1] ?? from).trim();
}

/** A From header with the operator's product name as display name (quoted, no header breaks). */
export function fromHeader(productName: string, from: string): string {
  const name = productName.replace(/[\r\n"\\<>]/g, "").trim();
  return name ? `"${name}" <${mailAddress(from)}>` : mailAddress(from);
}

export function envOperatorDefaults(e: Env = env()): OperatorSettings {
  return {
    productName: e.OPERATOR_PRODUCT_NAME,
    logoUrl: e.OPERATOR_LOGO_URL,
    accentColor: e.OPERATOR_ACCENT_COLOR,
    legalEntity: e.OPERATOR_LEGAL_ENTITY ?? e.OPERATOR_PRODUCT_NAME,
    legalAddress: e.OPERATOR_LEGAL_ADDRESS,
    supportEmail: e.OPERATOR_SUPPORT_EMAIL ?? mailAddress(e.EMAIL_FROM),
    jurisdiction: e.OPERATOR_JURISDICTION,
    governingLaw: e.OPERATOR_GOVERNING_LAW,
    vatId: e.OPERATOR_VAT_ID,
  };
}

/** Overrides stored by admins, dropping any field that no longer validates (never throws). */
export function parseStoredOverrides(value: unknown): OperatorOverrides {
  if (!value || typeof value !== "object") return {};
  const out: Record<string, unknown> = {};
  for (const field of OPERATOR_FIELDS) {
    const parsed = OperatorOverrides.shape[field].safeParse((value as Record<string, unknown>)[field]);
    if (parsed.success && parsed.data !== undefined) out[field] = parsed.data;
  }
  return out as OperatorOverrides;
}

export function mergeOperator(defaults: OperatorSettings, overrides: OperatorOverrides): OperatorSettings {
  const merged: OperatorSettings = { ...defaults };
  for (const field of OPERATOR_FIELDS) {
    const v = overrides[field];
    if (v !== undefined) (merged as Record<string, unknown>)[field] = v;
  }
  // A renamed product keeps its name as the entity until an entity is set.
  if (overrides.productName && !overrides.legalEntity && !env().OPERATOR_LEGAL_ENTITY) {
    merged.legalEntity = overrides.productName;
  }
  return merged;
}

type Cached = { overrides: OperatorOverrides; settings: OperatorSettings };
const cache = ttlCache<Cached>(OPERATOR_CACHE, OPERATOR_CACHE_MS, 4);

export async function readOperatorOverrides(db: Db): Promise<OperatorOverrides> {
  const row = await db.operatorSetting.findUnique({ where: { key: OPERATOR_KEY }, select: { value: true } });
  return parseStoredOverrides(row?.value);
}

/** The operator settings in force (cached; env defaults when the database does not answer). */
export async function getOperatorSettings(db: Db | (() => Promise<Db>)): Promise<OperatorSettings> {
  const hit = cache.get(OPERATOR_KEY);
  if (hit) return hit.settings;
  try {
    const client = typeof db === "function" ? await db() : db;
    const overrides = await readOperatorOverrides(client);
    const settings = mergeOperator(envOperatorDefaults(), overrides);
    cache.set(OPERATOR_KEY, { overrides, settings });
    return settings;
  } catch (error) {
    logger.warn({ err: error }, "operator settings unavailable: using the env defaults");
    return envOperatorDefaults();
  }
}

/** Stores the overrides (the caller audits in the same transaction) and forgets the cache. */
export async function writeOperatorOverrides(
  tx: Db,
  overrides: OperatorOverrides,
  updatedBy: string,
): Promise<void> {
  const value = OperatorOverrides.parse(overrides);
  await tx.operatorSetting.upsert({
    where: { key: OPERATOR_KEY },
    create: { key: OPERATOR_KEY, value, updatedBy },
    update: { value, updatedBy },
  });
}

export function forgetOperatorSettings(): void {
  forgetCached(OPERATOR_CACHE, OPERATOR_KEY);
}
