// Acceptances of the Terms and Privacy Policy: recorded at sign-up and whenever the version in force
// is one the user has not accepted (version, time, IP). Chat and checkout call assertLegalAccepted; a user with a pending
// document gets 403 legal_acceptance_required with the documents and their summaries of changes,
// which the UI turns into the accept dialog. What a user has accepted is cached briefly per user
// and forgotten on accept, so the chat path pays a map lookup.
import type { Db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { DocumentVersion } from "@/lib/legal/versions";
import { REQUIRED_DOCUMENTS, requiredVersions } from "@/lib/legal/versions";
import { forgetCached, ttlCache } from "@/lib/ttl-cache";

const CACHE = "legal-accepted";
/** "document@version" the user has accepted, by user id. */
const accepted = ttlCache<Set<string>>(CACHE, 30_000);

const keyOf = (d: { id?: string; document?: string; version: string }) =>
  `${d.id ?? d.document}@${d.version}`;

export type PendingDocument = Pick<
  DocumentVersion,
  "id" | "title" | "path" | "version" | "effectiveDate" | "summary"
> & {
  /** The account never accepted any version of it: "accept", not "review the changes". */
  firstTime: boolean;
};

async function acceptedSet(db: Db, userId: string): Promise<Set<string>> {
  const hit = accepted.get(userId);
  if (hit) return hit;
  const rows = await db.legalAcceptance.findMany({
    where: { userId, document: { in: [...REQUIRED_DOCUMENTS] } },
    select: { document: true, version: true },
  });
  const value = new Set(rows.map(keyOf));
  accepted.set(userId, value);
  return value;
}

/**
 * The required documents whose version in force this user has not accepted — whoever they are and
 * whenever the account was created: a sign-up through the form accepted the versions then in force,
 * and every other account (OAuth sign-ups, seeded or imported accounts, anyone who accepted an
 * earlier version) is asked before their next chat or purchase.
 */
export async function pendingAcceptances(
  db: Db,
  userId: string,
  now = new Date(),
): Promise<PendingDocument[]> {
  const [docs, done] = await Promise.all([requiredVersions(db, now), acceptedSet(db, userId)]);
  const everAccepted = (id: string) => [...done].some((k) => k.startsWith(`${id}@`));
  return docs
    .filter((d) => !done.has(keyOf(d)))
    .map(({ id, title, path, version, effectiveDate, summary }) => ({
      id,
      title,
      path,
      version,
      effectiveDate,
      summary,
      firstTime: !everAccepted(id),
    }));
}

/** Throws 403 legal_acceptance_required (details: the pending documents) when any is pending. */
export async function assertLegalAccepted(db: Db, userId: string): Promise<void> {
  const pending = await pendingAcceptances(db, userId);
  if (pending.length > 0) {
    throw new AppError("legal_acceptance_required", undefined, { documents: pending });
  }
}

export type AcceptInput = {
  userId: string;
  documents: { id: string; version: string }[];
  ip?: string | null;
};

/**
 * Records acceptances (idempotent per user, document and version). Only the versions in force can
 * be accepted: a stale page that posts an old version gets 409 and shows the new text.
 */
export async function acceptDocuments(db: Db, input: AcceptInput, now = new Date()): Promise<void> {
  const current = await requiredVersions(db, now);
  for (const doc of input.documents) {
    if (!current.some((c) => c.id === doc.id && c.version === doc.version)) {
      throw new AppError("conflict", "This version is no longer current; reload to read the new one.", {
        document: doc.id,
      });
    }
  }
  await recordAcceptances(db, { ...input, documents: input.documents });
  forgetCached(CACHE, input.userId);
}

/** Writes the rows in the caller's transaction (sign-up); an existing row is kept as it was. */
export async function recordAcceptances(db: Db, input: AcceptInput): Promise<void> {
  if (input.documents.length === 0) return;
  await db.legalAcceptance.createMany({
    data: input.documents.map((d) => ({
      userId: input.userId,
      document: d.id,
      version: d.version,
      ip: input.ip ?? null,
    })),
    skipDuplicates: true,
  });
}
