// Which passwords are accepted (ASVS 5.0 V6.2): at least 8 characters, at most 256 (so 64+ is
// allowed and passphrases fit), any characters, no composition rules, and never one of the most
// common passwords or the user's own email / the service name.
import { z } from "zod";
import { COMMON_PASSWORDS } from "@/lib/auth/common-passwords";
import { AppError } from "@/lib/errors";

export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 256;

/** Shape only (length, type); the policy proper is passwordProblem(). */
export const NewPasswordField = z
  .string()
  .min(PASSWORD_MIN_LENGTH, `Use at least ${PASSWORD_MIN_LENGTH} characters.`)
  .max(PASSWORD_MAX_LENGTH, `Use at most ${PASSWORD_MAX_LENGTH} characters.`);

/** A password typed to prove identity: bounded so nobody makes us hash a megabyte. */
export const CurrentPasswordField = z.string().min(1).max(PASSWORD_MAX_LENGTH);

/** Why a new password is refused, or null when it is acceptable. */
export function passwordProblem(password: string, context: { email?: string } = {}): string | null {
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH) return `Use at least ${PASSWORD_MIN_LENGTH} characters.`;
  if (length > PASSWORD_MAX_LENGTH) return `Use at most ${PASSWORD_MAX_LENGTH} characters.`;
  const lower = password.toLowerCase();
  if (COMMON_PASSWORDS.has(lower)) return "This password is too common. Choose another.";
  if (new Set(lower).size === 1) return "This password is too easy to guess. Choose another.";
  const email = context.email?.toLowerCase();
  const local = email?.split("@")[0] ?? "";
  if (email && (lower === email || (local.length >= 4 && lower.includes(local)))) {
    return "Your password must not contain your email address.";
  }
  return null;
}

/** Throws a 422 on the given field when the password is not acceptable. */
export function assertAcceptablePassword(
  password: string,
  context: { email?: string },
  field = "password",
): void {
  const problem = passwordProblem(password, context);
  if (problem) throw new AppError("validation_failed", problem, [{ path: field, message: problem }]);
}
