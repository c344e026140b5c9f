// TOTP two-factor authentication (RFC 6238: SHA-1, 6 digits, 30 s, ±1 step of clock drift) and
// 10 single-use recovery codes. Secrets are stored encrypted (crypto.ts), recovery codes as
// SHA-256 digests (50 random bits each, so a fast hash is enough). A TOTP code is accepted at
// most once: the accepted time step is recorded and older-or-equal steps are refused (replay).
import { randomInt } from "node:crypto";
import { generateSecret, generateURI, verify } from "otplib";
import QRCode from "qrcode";
import { openSecret, sealSecret, sha256Hex } from "@/lib/auth/crypto";
import type { Db } from "@/lib/db";

export const TOTP_ISSUER = "Ledgerchat";
export const TOTP_TOLERANCE_SECONDS = 30;
export const RECOVERY_CODE_COUNT = 10;
export const PENDING_SETUP_TTL_MS = 15 * 60_000;
// Crockford-like alphabet without look-alikes (0/o, 1/l/i).
const RECOVERY_ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz";

export function isTotpCodeShape(code: string): boolean {
  return /^\d{6}$/.test(code);
}

/** The time step a valid code belongs to, or null. afterTimeStep refuses replays. */
export async function checkTotp(
  secret: string,
  code: string,
  afterTimeStep?: number | null,
): Promise<number | null> {
  if (!isTotpCodeShape(code)) return null;
  try {
    const result = await verify({
      secret,
      token: code,
      epochTolerance: TOTP_TOLERANCE_SECONDS,
      ...(afterTimeStep != null ? { afterTimeStep } : {}),
    });
    return result.valid && "timeStep" in result ? result.timeStep : null;
  } catch {
    return null;
  }
}

export function generateRecoveryCodes(count = RECOVERY_CODE_COUNT): string[] {
  const codes = new Set<string>();
  while (codes.size < count) {
    let raw = "";
    for (let i = 0; i < 10; i++) raw += RECOVERY_ALPHABET[randomInt(RECOVERY_ALPHABET.length)];
    codes.add(`${raw.slice(0, 5)}-${raw.slice(5)}`);
  }
  return [...codes];
}

export function normalizeRecoveryCode(code: string): string {
  const compact = code.toLowerCase().replace(/[\s-]/g, "");
  return compact.length === 10 ? `${compact.slice(0, 5)}-${compact.slice(5)}` : compact;
}

export function hashRecoveryCode(code: string): string {
  return sha256Hex(`recovery:${normalizeRecoveryCode(code)}`);
}

/** Replaces the user's recovery codes with 10 new ones, returned in clear once. */
export async function replaceRecoveryCodes(db: Db, userId: string): Promise<string[]> {
  const codes = generateRecoveryCodes();
  await db.recoveryCode.deleteMany({ where: { userId } });
  await db.recoveryCode.createMany({
    data: codes.map((code) => ({ userId, codeHash: hashRecoveryCode(code) })),
  });
  return codes;
}

export type SecondFactorUser = { id: string; totpSecret: string | null; totpLastTimeStep: number | null };

/** Checks a TOTP code or a recovery code and uses it up. Returns which one matched, or null. */
export async function consumeSecondFactor(
  db: Db,
  user: SecondFactorUser,
  code: string,
): Promise<"totp" | "recovery" | null> {
  const trimmed = code.trim();
  if (isTotpCodeShape(trimmed)) {
    const secret = user.totpSecret ? openSecret(user.totpSecret) : null;
    if (!secret) return null;
    const step = await checkTotp(secret, trimmed, user.totpLastTimeStep);
    if (step === null) return null;
    // Conditional write: two concurrent requests with the same code cannot both pass.
    const { count } = await db.user.updateMany({
      where: { id: user.id, OR: [{ totpLastTimeStep: null }, { totpLastTimeStep: { lt: step } }] },
      data: { totpLastTimeStep: step },
    });
    return count === 1 ? "totp" : null;
  }
  if (normalizeRecoveryCode(trimmed).length !== 11) return null;
  const { count } = await db.recoveryCode.updateMany({
    where: { userId: user.id, codeHash: hashRecoveryCode(trimmed), usedAt: null },
    data: { usedAt: new Date() },
  });
  return count === 1 ? "recovery" : null;
}

export type TotpSetup = { secret: string; otpauthUrl: string; qrDataUrl: string };

/** Starts enrolment: a new secret kept (encrypted) as pending until confirmed with a code. */
export async function beginTotpSetup(
  db: Db,
  user: { id: string; email: string },
  now = new Date(),
): Promise<TotpSetup> {
  const secret = generateSecret();
  const otpauthUrl = generateURI({ issuer: TOTP_ISSUER, label: user.email, secret });
  await db.user.update({
    where: { id: user.id },
    data: { totpPendingSecret: sealSecret(secret), totpPendingAt: now },
  });
  const qrDataUrl = await QRCode.toDataURL(otpauthUrl, { errorCorrectionLevel: "M", margin: 1, width: 240 });
  return { secret, otpauthUrl, qrDataUrl };
}

/**
 * Confirms enrolment with a code from the app: moves the pending secret into place and returns
 * fresh recovery codes. Null when there is no recent pending secret or the code is wrong.
 */
export async function confirmTotpSetup(
  db: Db,
  userId: string,
  code: string,
  now = new Date(),
): Promise<string[] | null> {
  const user = await db.user.findUnique({
    where: { id: userId },
    select: { totpPendingSecret: true, totpPendingAt: true },
  });
  if (!user?.totpPendingSecret || !user.totpPendingAt) return null;
  if (now.getTime() - user.totpPendingAt.getTime() > PENDING_SETUP_TTL_MS) return null;
  const secret = openSecret(user.totpPendingSecret);
  const step = secret ? await checkTotp(secret, code.trim()) : null;
  if (step === null) return null;
  const { count } = await db.user.updateMany({
    where: { id: userId, totpPendingSecret: user.totpPendingSecret },
    data: {
      totpSecret: user.totpPendingSecret,
      totpPendingSecret: null,
      totpPendingAt: null,
      twoFactorEnabledAt: now,
      totpLastTimeStep: step,
    },
  });
  if (count !== 1) return null;
  return replaceRecoveryCodes(db, userId);
}

export async function disableTotp(db: Db, userId: string): Promise<void> {
  await db.user.update({
    where: { id: userId },
    data: {
      totpSecret: null,
      totpPendingSecret: null,
      totpPendingAt: null,
      twoFactorEnabledAt: null,
      totpLastTimeStep: null,
    },
  });
  await db.recoveryCode.deleteMany({ where: { userId } });
}
