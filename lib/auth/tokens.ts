// Single-use tokens sent by email (verify the address: 24 h; reset the password: 30 min). Only the
// SHA-256 of a token is stored, a new token of a kind replaces the older unused ones, and
// consuming is one conditional UPDATE, so two clicks on the same link cannot both succeed.
import { randomToken, sha256Hex } from "@/lib/auth/crypto";
import type { Db } from "@/lib/db";

export type TokenKind = "verify_email" | "password_reset";
export const TOKEN_TTL_MS: Record<TokenKind, number> = {
  verify_email: 24 * 60 * 60_000,
  password_reset: 30 * 60_000,
};

export function tokenExpiry(kind: TokenKind, now: Date = new Date()): Date {
  return new Date(now.getTime() + TOKEN_TTL_MS[kind]);
}

/** Tokens are 43 base64url characters; anything else is rejected before touching the database. */
export function looksLikeToken(value: string): boolean {
  return /^[A-Za-z0-9_-]{43}$/.test(value);
}

/** Creates a token for userId and returns it in clear (to put in the link); stores only its hash. */
export async function issueToken(
  db: Db,
  input: { userId: string; kind: TokenKind; email: string; now?: Date },
): Promise<string> {
  const now = input.now ?? new Date();
  const token = randomToken();
  await db.authToken.deleteMany({ where: { userId: input.userId, kind: input.kind, usedAt: null } });
  await db.authToken.create({
    data: {
      userId: input.userId,
      kind: input.kind,
      email: input.email,
      tokenHash: sha256Hex(token),
      expiresAt: tokenExpiry(input.kind, now),
    },
  });
  return token;
}

export type TokenRecord = { id: string; userId: string; email: string };

/** The live token's owner without using it up (to check a new password before spending the link). */
export async function peekToken(
  db: Db,
  token: string,
  kind: TokenKind,
  now = new Date(),
): Promise<TokenRecord | null> {
  if (!looksLikeToken(token)) return null;
  return db.authToken.findFirst({
    where: { tokenHash: sha256Hex(token), kind, usedAt: null, expiresAt: { gt: now } },
    select: { id: true, userId: true, email: true },
  });
}

/** Marks the token used and returns it; null when unknown, expired, already used or of another kind. */
export async function consumeToken(
  db: Db,
  token: string,
  kind: TokenKind,
  now = new Date(),
): Promise<TokenRecord | null> {
  if (!looksLikeToken(token)) return null;
  const tokenHash = sha256Hex(token);
  const { count } = await db.authToken.updateMany({
    where: { tokenHash, kind, usedAt: null, expiresAt: { gt: now } },
    data: { usedAt: now },
  });
  if (count !== 1) return null;
  return db.authToken.findUnique({ where: { tokenHash }, select: { id: true, userId: true, email: true } });
}
