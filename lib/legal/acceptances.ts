// Acceptances of the Terms and Privacy Policy: recorded at sign-up and when a new version takes
// effect (version, time, IP). Chat and checkout call assertLegalAccepted; a user with a pending
// document gets 403 legal_acceptance_required with the documents and their summaries of changes,
// which the UI turns into the accept dialog. What a user has accepted is cached briefly per user
// and forgotten on accept, so the chat path pays a map lookup.
import type { Db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { DocumentVersion } from "@/lib/legal/versions";
import { REQUIRED_DOCUMENTS, requiredVersions } from "@/lib/legal/versions";
import { forgetCached, ttlCache } from "@/lib/ttl-cache";

const CACHE = "legal-accepted";
/** "document@version" the user has accepted, when the account was created and whether it has an
 * OAuth link, by user id. */
type Accepted = { done: Set<string>; createdAt: Date; viaOAuth: boolean };
const accepted = ttlCache<Accepted>(CACHE, 30_000);

const keyOf = (d: { id?: string; document?: string; version: string }) =>
  `${d.id ?? d.document}@${d.version}`;

export type PendingDocument = Pick<
  DocumentVersion,
  "id" | "title" | "path" | "version" | "effectiveDate" | "summary"
> & {
  /** The account never accepted any version of it (an OAuth sign-up): "accept", not "updated". */
  firstTime: boolean;
};

async function acceptedSet(db: Db, userId: string): Promise<Accepted> {
  const hit = accepted.get(userId);
  if (hit) return hit;
  // A read of auth's User row (its creation time and whether it has OAuth links): which versions
  // this account has lived under, and whether it signed up without the sign-up form's acceptance.
  const [rows, user] = await Promise.all([
    db.legalAcceptance.findMany({
      where: { userId, document: { in: [...REQUIRED_DOCUMENTS] } },
      select: { document: true, version: true },
    }),
    db.user.findUnique({
      where: { id: userId },
      select: { createdAt: true, _count: { select: { oauthAccounts: true } } },
    }),
  ]);
  const value = {
    done: new Set(rows.map(keyOf)),
    createdAt: user?.createdAt ?? new Date(0),
    viaOAuth: (user?._count.oauthAccounts ?? 0) > 0,
  };
  accepted.set(userId, value);
  return value;
}

/**
 * The required documents in force that this user has not accepted yet. Sign-up records the
 * versions in force, so what is pending is a version the account has not accepted that either
 * took effect after the account was created or replaces a version it accepted. An OAuth sign-up
 * (no sign-up form, so no acceptance yet) is asked for every required document it never accepted,
 * before its first chat or purchase. Seeded accounts created since a version took effect are not.
 */
export async function pendingAcceptances(
  db: Db,
  userId: string,
  now = new Date(),
): Promise<PendingDocument[]> {
  const [docs, { done, createdAt, viaOAuth }] = await Promise.all([
    requiredVersions(db, now),
    acceptedSet(db, userId),
  ]);
  const everAccepted = (id: string) => [...done].some((k) => k.startsWith(`${id}@`));
  return docs
    .filter(
      (d) =>
        !done.has(keyOf(d)) &&
        (new Date(`${d.effectiveDate}T00:00:00Z`) > createdAt || everAccepted(d.id) || viaOAuth),
    )
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
