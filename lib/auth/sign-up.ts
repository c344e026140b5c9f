// Sign-up with email + password. The answer is the same whether or not the address already has
// an account (nothing is created or sent then), and the password is hashed either way so the
// timing matches too. The user, the verification token and its email commit together; a
// visitor's guest identity is converted in the same transaction.
import { onGuestConverted } from "@/lib/auth/guest-credits";
import { hashPassword } from "@/lib/auth/password";
import { assertAcceptablePassword } from "@/lib/auth/password-policy";
import { sendVerificationEmail } from "@/lib/auth/verify-email";
import type { DbClient } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import { recordAcceptances } from "@/lib/legal/acceptances";
import { requiredVersions } from "@/lib/legal/versions";
import { logger } from "@/lib/logger";

export type SignUpInput = {
  email: string;
  password: string;
  name?: string;
  guestId?: string | null;
  /** The visitor accepted the Terms and Privacy Policy in force (the route requires it): recorded with the IP. */
  legal?: { ip: string | null };
};

/** Returns the new user's id, or null when the address was taken (never shown to the caller). */
export async function signUp(db: DbClient, input: SignUpInput): Promise<string | null> {
  assertAcceptablePassword(input.password, { email: input.email });
  const passwordHash = await hashPassword(input.password);
  try {
    return await db.$transaction(async (tx) => {
      const existing = await tx.user.findUnique({ where: { email: input.email }, select: { id: true } });
      if (existing) {
        logger.info({ userId: existing.id }, "sign-up for an existing address (no change, nothing sent)");
        return null;
      }
      const now = new Date();
      const user = await tx.user.create({
        data: { email: input.email, name: input.name || null, passwordHash, passwordChangedAt: now },
        select: { id: true },
      });
      if (input.legal) {
        const documents = (await requiredVersions(tx, now)).map((d) => ({ id: d.id, version: d.version }));
        await recordAcceptances(tx, { userId: user.id, documents, ip: input.legal.ip });
      }
      await sendVerificationEmail(tx, { userId: user.id, email: input.email, name: input.name });
      if (input.guestId) await onGuestConverted(tx, { guestId: input.guestId, userId: user.id });
      logger.info({ userId: user.id, fromGuest: Boolean(input.guestId) }, "signed up");
      return user.id;
    });
  } catch (error) {
    // A concurrent sign-up for the same address won the race: same answer as "exists".
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") return null;
    throw error;
  }
}
