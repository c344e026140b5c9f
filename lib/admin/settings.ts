// Admin changes to the operator settings: the identity (white-label) and the legal documents'
// versions. Each change replaces the stored overrides, is audited with before/after in the same
// transaction, and the settings caches are forgotten after the commit.
import type { Actor } from "@/lib/admin/audit";
import { writeAudit } from "@/lib/admin/audit";
import type { DbClient } from "@/lib/db";
import { publishLegalVersion } from "@/lib/legal/publish";
import { utcDay } from "@/lib/legal/versions";
import {
  type BrandAsset,
  type BrandAssetKind,
  forgetBrandAssets,
  getBrandAsset,
  logoPath,
  writeBrandAsset,
} from "@/lib/settings/brand-assets";
import type { LegalDocumentId, LegalOverride, StoredLegalVersion } from "@/lib/settings/legal";
import { forgetLegalOverrides, readLegalOverrides, writeLegalOverrides } from "@/lib/settings/legal";
import type { OperatorOverrides } from "@/lib/settings/operator";
import {
  forgetOperatorSettings,
  readOperatorOverrides,
  writeOperatorOverrides,
} from "@/lib/settings/operator";

/** Replaces the identity overrides (a field left out goes back to its env default). */
export async function setOperatorOverridesAsAdmin(
  db: DbClient,
  actor: Actor,
  overrides: OperatorOverrides,
): Promise<OperatorOverrides> {
  await db.$transaction(async (tx) => {
    const before = await readOperatorOverrides(tx);
    await writeOperatorOverrides(tx, overrides, actor.userId);
    await writeAudit(tx, actor, {
      action: "settings.operator",
      targetType: "operator_setting",
      targetId: "operator",
      before,
      after: overrides,
    });
  });
  forgetOperatorSettings();
  return overrides;
}

/**
 * Publishes a version of one document (lib/legal/publish.ts says what may change), or with an empty
 * input withdraws the operator's versions (back to the built-in document). Returns the document's
 * operator versions after the save.
 */
export async function setLegalOverrideAsAdmin(
  db: DbClient,
  actor: Actor,
  document: LegalDocumentId,
  override: LegalOverride,
  now = new Date(),
): Promise<StoredLegalVersion[]> {
  const saved = await db.$transaction(async (tx) => {
    // Serialise concurrent edits of different documents: both read-modify-write the same row.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('operator-setting:legal'))`;
    const all = await readLegalOverrides(tx);
    const before = all[document] ?? null;
    const { versions, changed } = publishLegalVersion(document, all[document], override, utcDay(now));
    if (!changed) return versions;
    const next = { ...all };
    if (versions) next[document] = versions;
    else delete next[document];
    await writeLegalOverrides(tx, next, actor.userId);
    await writeAudit(tx, actor, {
      action: "settings.legal",
      targetType: "legal_document",
      targetId: document,
      // The full texts: the audit log is the record of what each accepted version said.
      before,
      after: versions ?? null,
    });
    return versions;
  });
  forgetLegalOverrides();
  return saved ?? [];
}

const assetSummary = (a: BrandAsset | null) =>
  a ? { contentType: a.contentType, sha256: a.sha256, bytes: Buffer.from(a.data, "base64").length } : null;

/**
 * Stores an uploaded (already checked and sanitised) logo or favicon, or removes it (null). An
 * uploaded logo becomes the identity's logo URL; removing it clears that URL if it was the upload.
 */
export async function setBrandAssetAsAdmin(
  db: DbClient,
  actor: Actor,
  kind: BrandAssetKind,
  asset: BrandAsset | null,
): Promise<{ kind: BrandAssetKind; url: string | null }> {
  await db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('operator-setting:asset'))`;
    const before = await tx.operatorSetting.findUnique({
      where: { key: `asset:${kind}` },
      select: { value: true },
    });
    await writeBrandAsset(tx, kind, asset, actor.userId);
    if (kind === "logo") {
      const overrides = await readOperatorOverrides(tx);
      const uploaded = overrides.logoUrl?.startsWith("/api/brand/logo");
      if (asset) await writeOperatorOverrides(tx, { ...overrides, logoUrl: logoPath(asset) }, actor.userId);
      else if (uploaded) {
        const { logoUrl: _removed, ...rest } = overrides;
        await writeOperatorOverrides(tx, rest, actor.userId);
      }
    }
    await writeAudit(tx, actor, {
      action: "settings.asset",
      targetType: "operator_setting",
      targetId: `asset:${kind}`,
      before: before ? assetSummary(before.value as BrandAsset) : null,
      after: assetSummary(asset),
    });
  });
  forgetBrandAssets();
  forgetOperatorSettings();
  const stored = await getBrandAsset(db, kind);
  return { kind, url: stored ? (kind === "logo" ? logoPath(stored) : "/favicon.ico") : null };
}
