// Password hashing: argon2id with OWASP's minimum parameters (m=19 MiB, t=2, p=1). The PHC string
// stores its own parameters, so raising them later still verifies old hashes.
import type { Algorithm, Options } from "@node-rs/argon2";
import { hash, verify } from "@node-rs/argon2";

export const PASSWORD_HASH_PARAMS = {
  // Algorithm is an ambient const enum (unusable under isolatedModules); 2 is Argon2id.
  algorithm: 2 as Algorithm,
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
} as const satisfies Options;

export async function hashPassword(password: string): Promise<string> {
  return hash(password, PASSWORD_HASH_PARAMS);
}

/** True when password matches hash; false (never throws) for a wrong password or a malformed hash. */
export async function verifyPassword(hashed: string, password: string): Promise<boolean> {
  try {
    return await verify(hashed, password);
  } catch {
    return false;
  }
}
