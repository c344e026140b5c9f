// The one secret behind session JWTs, guest cookies and TOTP-secret encryption. NEXTAUTH_SECRET
// when set; refused to run without it in a production deployment; otherwise (local, embedded
// defaults) a random secret generated once and kept in DATA_DIR/dev-secret — never a constant.
import { hkdfSync, randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { isProductionDeployment } from "@/lib/app-url";
import { env } from "@/lib/env";

let cached: string | undefined;

export class MissingSecretError extends Error {
  constructor() {
    super(
      "NEXTAUTH_SECRET must be set (at least 32 characters) in production. Generate one with: openssl rand -base64 48",
    );
    this.name = "MissingSecretError";
  }
}

function readDevSecret(file: string): string | undefined {
  try {
    const value = readFileSync(file, "utf8").trim();
    return value.length >= 32 ? value : undefined;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
}

export function authSecret(): string {
  if (cached) return cached;
  const e = env();
  if (e.NEXTAUTH_SECRET) {
    cached = e.NEXTAUTH_SECRET;
    return cached;
  }
  if (isProductionDeployment()) throw new MissingSecretError();
  const file = path.resolve(/*turbopackIgnore: true*/ e.DATA_DIR, "dev-secret");
  let secret = readDevSecret(file);
  if (!secret) {
    mkdirSync(path.dirname(file), { recursive: true });
    try {
      // wx: if another process won the race, read theirs instead of overwriting it.
      writeFileSync(file, randomBytes(48).toString("base64url"), { flag: "wx", mode: 0o600 });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    secret = readDevSecret(file);
    if (!secret) throw new Error(`${file} exists but holds no usable secret; delete it to regenerate`);
  }
  cached = secret;
  return cached;
}

// HKDF is deterministic, so each purpose's key is derived once per secret (it ran on every
// cookie check, twice per chat request, before).
const derived = new Map<string, Buffer>();
let derivedFrom: string | undefined;

/** A 32-byte key for one purpose, derived from the auth secret (HKDF-SHA256). */
export function deriveKey(purpose: string): Buffer {
  const secret = authSecret();
  if (secret !== derivedFrom) {
    derived.clear();
    derivedFrom = secret;
  }
  let key = derived.get(purpose);
  if (!key) {
    key = Buffer.from(hkdfSync("sha256", secret, "ledgerchat", purpose, 32));
    derived.set(purpose, key);
  }
  return Buffer.from(key);
}

/** Fails fast at startup (instrumentation.ts) instead of on the first sign-in. */
export function assertAuthConfig(): void {
  authSecret();
}

/** Tests only. */
export function resetAuthSecretForTests(): void {
  cached = undefined;
}
