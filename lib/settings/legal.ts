// The operator's versions of the legal documents (OperatorSetting key "legal"): per document a list
// of versions, each with an optional markdown text, a version, an effective date and a summary of
// changes. A published version is never edited: a change is a new version (lib/legal decides what
// may be saved). Cached like the operator identity; lib/legal turns them into the documents in force.
import { z } from "zod";
import type { Db } from "@/lib/db";
import { logger } from "@/lib/logger";
import { forgetCached, ttlCache } from "@/lib/ttl-cache";

export const LEGAL_DOCUMENT_IDS = ["terms", "privacy", "refunds", "dpa", "cookies"] as const;
export type LegalDocumentId = (typeof LEGAL_DOCUMENT_IDS)[number];

export const LEGAL_SETTINGS_KEY = "legal";
const CACHE = "legal-settings";
/** Versions kept per document (the oldest operator versions beyond this are dropped). */
export const MAX_OPERATOR_VERSIONS = 200;

export const LegalVersionName = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9._-]{1,32}$/, "letters, digits, dot, dash or underscore (at most 32)");

/** What an admin sends for one document (every field optional: all empty restores the built-in). */
export const LegalOverride = z.strictObject({
  markdown: z.string().trim().min(1).max(100_000).optional(),
  version: LegalVersionName.optional(),
  effectiveDate: z.iso.date().optional(),
  summary: z.string().trim().min(1).max(2_000).optional(),
});
export type LegalOverride = z.infer<typeof LegalOverride>;

/** One stored operator version. Without markdown its text is the built-in template. */
export const StoredLegalVersion = z.strictObject({
  version: LegalVersionName,
  effectiveDate: z.iso.date(),
  summary: z.string().trim().min(1).max(2_000),
  markdown: z.string().trim().min(1).max(100_000).optional(),
  /** Withdrawn by the operator (back to the built-in document): kept so its version is never reused. */
  withdrawn: z.literal(true).optional(),
});
export type StoredLegalVersion = z.infer<typeof StoredLegalVersion>;
export type LegalOverrides = Partial<Record<LegalDocumentId, StoredLegalVersion[]>>;

export function isLegalDocumentId(value: unknown): value is LegalDocumentId {
  return typeof value === "string" && (LEGAL_DOCUMENT_IDS as readonly string[]).includes(value);
}

/**
 * Stored versions, keeping only those that still validate (never throws). The first format stored
 * one flat override per document ({ markdown?, version?, effectiveDate?, summary? }, shipped on
 * 2026-12-07); such a value is read as one version, its missing fields filled so that a changed
 * text is still asked for ("custom" is not a built-in version).
 */
export function parseLegalOverrides(value: unknown): LegalOverrides {
  const out: LegalOverrides = {};
  if (!value || typeof value !== "object") return out;
  for (const id of LEGAL_DOCUMENT_IDS) {
    const raw = (value as Record<string, unknown>)[id];
    const list = Array.isArray(raw) ? raw : raw && typeof raw === "object" ? [raw] : [];
    const versions = list.flatMap((entry) => {
      const parsed = StoredLegalVersion.safeParse(Array.isArray(raw) ? entry : { ...LEGACY, ...entry });
      return parsed.success ? [parsed.data] : [];
    });
    if (versions.length > 0) out[id] = versions.slice(-MAX_OPERATOR_VERSIONS);
  }
  return out;
}

const LEGACY = { version: "custom", effectiveDate: "2026-12-07", summary: "Updated." };

const cache = ttlCache<LegalOverrides>(CACHE, 10_000, 4);

export async function readLegalOverrides(db: Db): Promise<LegalOverrides> {
  const row = await db.operatorSetting.findUnique({
    where: { key: LEGAL_SETTINGS_KEY },
    select: { value: true },
  });
  return parseLegalOverrides(row?.value);
}

/** The overrides in force (cached; none when the database does not answer). */
export async function getLegalOverrides(db: Db): Promise<LegalOverrides> {
  const hit = cache.get(LEGAL_SETTINGS_KEY);
  if (hit) return hit;
  try {
    const value = await readLegalOverrides(db);
    cache.set(LEGAL_SETTINGS_KEY, value);
    return value;
  } catch (error) {
    logger.warn({ err: error }, "legal overrides unavailable: using the built-in documents");
    return {};
  }
}

/** Stores every document's versions (the caller audits in the same transaction); forget the cache after commit. */
export async function writeLegalOverrides(tx: Db, value: LegalOverrides, updatedBy: string): Promise<void> {
  const json = parseLegalOverrides(value);
  await tx.operatorSetting.upsert({
    where: { key: LEGAL_SETTINGS_KEY },
    create: { key: LEGAL_SETTINGS_KEY, value: json, updatedBy },
    update: { value: json, updatedBy },
  });
}

export function forgetLegalOverrides(): void {
  forgetCached(CACHE, LEGAL_SETTINGS_KEY);
}
