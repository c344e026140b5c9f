// What an operator may publish for a legal document (the admin settings save). A version, once its
// effective date has come, is what users accepted: its text, date and summary never change, so a
// change is a new version, under a name never used before (built in, published or withdrawn). A
// version announced for a later date may still be corrected. A new version takes effect today or
// later — never backdated — and not before an announced one.
import { AppError } from "@/lib/errors";
import { BUILT_IN_HISTORY, documentHistory } from "@/lib/legal/versions";
import type { LegalDocumentId, LegalOverride, StoredLegalVersion } from "@/lib/settings/legal";
import { MAX_OPERATOR_VERSIONS } from "@/lib/settings/legal";

const field = (path: string, message: string) =>
  new AppError("validation_failed", message, [{ path, message }]);

const same = (a: StoredLegalVersion, b: StoredLegalVersion) =>
  a.version === b.version &&
  a.effectiveDate === b.effectiveDate &&
  a.summary === b.summary &&
  a.markdown === b.markdown;

/**
 * The operator's versions after saving `input` (undefined: none, the built-in document applies)
 * and whether anything changed. An empty input withdraws every operator version (kept, marked, so
 * no version name is ever reused for another text). Throws 409 for a change to a version in force
 * and 422 for a date in the past or before an announced version, or a missing version or summary.
 */
export function publishLegalVersion(
  id: LegalDocumentId,
  existing: readonly StoredLegalVersion[] | undefined,
  input: LegalOverride,
  today: string,
): { versions: StoredLegalVersion[] | undefined; changed: boolean } {
  const own = [...(existing ?? [])];
  if (Object.keys(input).length === 0) {
    // Withdrawn, not forgotten: their version names stay taken.
    const changed = own.some((v) => !v.withdrawn);
    const versions = own.map((v) => ({ ...v, withdrawn: true as const }));
    return { versions: versions.length > 0 ? versions : undefined, changed };
  }
  if (!input.version) throw field("version", "Give this text a version (for example 2 or 2026-12).");
  if (!input.summary) throw field("summary", "Summarise the changes: users read it when asked to accept.");
  const entry: StoredLegalVersion = {
    version: input.version,
    effectiveDate: input.effectiveDate ?? today,
    summary: input.summary,
    ...(input.markdown ? { markdown: input.markdown } : {}),
  };
  const index = own.findIndex((v) => v.version === entry.version);
  const ownEntry = own[index];
  const builtIn = BUILT_IN_HISTORY[id].some((v) => v.version === entry.version);
  if (ownEntry && !ownEntry.withdrawn && same(ownEntry, entry)) return { versions: own, changed: false };
  // Users who accepted a version accepted its text: a version name means one text, for good.
  if (builtIn || ownEntry?.withdrawn || (ownEntry && ownEntry.effectiveDate <= today)) {
    throw new AppError(
      "conflict",
      `Version ${entry.version} was already published and cannot change; publish the change as a new version.`,
      { document: id, version: entry.version },
    );
  }
  if (entry.effectiveDate < today)
    throw field("effectiveDate", "The effective date cannot be in the past: use today or a later date.");
  const others = documentHistory(id, own).filter((v) => v.version !== entry.version);
  const latest = others[others.length - 1];
  if (latest && entry.effectiveDate < latest.effectiveDate)
    throw field(
      "effectiveDate",
      `Version ${latest.version} takes effect on ${latest.effectiveDate}; a new version cannot take effect before it.`,
    );
  if (index >= 0) own[index] = entry;
  else own.push(entry);
  return { versions: own.slice(-MAX_OPERATOR_VERSIONS), changed: true };
}
