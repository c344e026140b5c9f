// API key secrets: `lc_live_` / `lc_test_` + 40 base62 characters (238 bits), a fixed shape that
// secret scanners can match. Only the sha-256 of the whole secret is stored: a 238-bit random
// secret needs no slow hash, and the lookup by hash is followed by a constant-time comparison.
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

export const KEY_PREFIXES = ["lc_live_", "lc_test_"] as const;
export type KeyPrefix = (typeof KEY_PREFIXES)[number];

const ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const BODY_LENGTH = 40;
const SHAPE = /^lc_(live|test)_[0-9A-Za-z]{40}$/;

/** A new secret: the prefix and 40 characters drawn without modulo bias. */
export function generateSecret(prefix: KeyPrefix): string {
  let body = "";
  while (body.length < BODY_LENGTH) {
    for (const byte of randomBytes(64)) {
      // 248 = 4 × 62: bytes at or above it are dropped, so every character is equally likely.
      if (byte < 248 && body.length < BODY_LENGTH) body += ALPHABET[byte % 62];
    }
  }
  return prefix + body;
}

export function hashSecret(secret: string): string {
  return createHash("sha256").update(secret, "utf8").digest("hex");
}

/** Whether a string has the shape of one of our secrets (no database read for garbage). */
export function looksLikeSecret(value: string): boolean {
  return SHAPE.test(value);
}

/** Constant-time equality of two hex digests of the same length. */
export function sameHash(a: string, b: string): boolean {
  const left = Buffer.from(a, "hex");
  const right = Buffer.from(b, "hex");
  return left.length === right.length && left.length > 0 && timingSafeEqual(left, right);
}
