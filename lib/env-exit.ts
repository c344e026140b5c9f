// Node only (process.exit, process.stderr): the start hook's environment check, kept out of
// lib/env.ts because that module is also bundled for the edge runtime (proxy.ts).
import type { Env } from "@/lib/env";
import { EnvError, env } from "@/lib/env";

/**
 * The start hook's check (instrumentation.ts): parse the environment once and, on a bad value,
 * print every bad variable and exit the process non-zero. A throw from register() would only be
 * logged by Next, which then serves a 500 for every request that reads the environment.
 */
export function exitOnInvalidEnv(
  exit: (code: number) => never = (code) => process.exit(code),
  write: (message: string) => void = (message) => process.stderr.write(message),
): Env {
  try {
    return env();
  } catch (error) {
    if (!(error instanceof EnvError)) throw error;
    write(`${error.message}\nFix these variables (see .env.example) and start again.\n`);
    return exit(1);
  }
}
