// The operator's overrides of the legal documents (OperatorSetting key "legal"): per document an
// optional markdown text, version, effective date and summary of changes. Cached like the
// operator identity; lib/legal turns them into the documents in force.
import { z } from "zod";
import type { Db } from "@/lib/db";
import { logger } from "@/lib/logger";
import { forgetCached, ttlCache } from "@/lib/ttl-cache";

export const LEGAL_DOCUMENT_IDS = ["terms", "privacy", "refunds", "dpa", "cookies"] as const;
export type LegalDocumentId = (typeof LEGAL_DOCUMENT_IDS)[number];

export const LEGAL_SETTINGS_KEY = "legal";
const CACHE = "legal-settings";

export const LegalOverride = z.strictObject({
  markdown: z.string().trim().min(1).max(100_000).optional(),
  version: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9._-]{1,32}$/, "letters, digits, dot, dash or underscore (at most 32)")
    .optional(),
  effectiveDate: z.iso.date().optional(),
  summary: z.string().trim().min(1).max(2_000).optional(),
});
export type LegalOverride = z.infer<typeof LegalOverride>;
export type LegalOverrides = Partial<Record<LegalDocumentId, LegalOverride>>;

export function isLegalDocumentId(value: unknown): value is LegalDocumentId {
  return typeof value === "string" && (LEGAL_DOCUMENT_IDS as readonly string[]).includes(value);
}

/** Stored overrides, keeping only the documents whose value still validates (never throws). */
export function parseLegalOverrides(value: unknown): LegalOverrides {
  const out: LegalOverrides = {};
  if (!value || typeof value !== "object") return out;
  for (const id of LEGAL_DOCUMENT_IDS) {
    const parsed = LegalOverride.safeParse((value as Record<string, unknown>)[id]);
    if (parsed.success && Object.keys(parsed.data).length > 0) out[id] = parsed.data;
  }
  return out;
}

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

/** Stores every override (the caller audits in the same transaction); forget the cache after commit. */
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
