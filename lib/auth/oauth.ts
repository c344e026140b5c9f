// Optional OAuth sign-in (GitHub, Google), each switched on by its env vars. Policy:
// - a provider account already linked signs in to its user;
// - an unknown provider account whose email has no user creates one (email verified only when
//   the provider asserts it: Google's email_verified; GitHub addresses are re-verified by mail);
// - an email that already belongs to a password account is refused (no silent linking: that
//   would hand the account to whoever controls the provider account);
// - users with two-factor authentication (so every admin who is allowed in) must use their
//   password and code: OAuth would skip the second factor.

import GitHubProvider from "next-auth/providers/github";
import GoogleProvider from "next-auth/providers/google";
import type { Provider } from "next-auth/providers/index";
import { normalizeEmail } from "@/lib/auth/email-address";
import { sendVerificationEmail } from "@/lib/auth/verify-email";
import { sendWelcomeEmail } from "@/lib/auth/welcome";
import type { DbClient } from "@/lib/db";
import { env } from "@/lib/env";
import { logger } from "@/lib/logger";

export function oauthProviders(): Provider[] {
  const e = env();
  const providers: Provider[] = [];
  if (e.GITHUB_ID && e.GITHUB_SECRET) {
    providers.push(GitHubProvider({ clientId: e.GITHUB_ID, clientSecret: e.GITHUB_SECRET }));
  }
  if (e.GOOGLE_CLIENT_ID && e.GOOGLE_CLIENT_SECRET) {
    providers.push(GoogleProvider({ clientId: e.GOOGLE_CLIENT_ID, clientSecret: e.GOOGLE_CLIENT_SECRET }));
  }
  return providers;
}

/** Names of the enabled OAuth providers (for the sign-in page). */
export function enabledOAuthProviders(): { id: string; name: string }[] {
  return oauthProviders().map((p) => ({ id: p.id, name: p.name }));
}

export type OAuthLinkInput = {
  provider: string;
  providerAccountId: string;
  email?: string | null;
  emailVerified: boolean;
  name?: string | null;
};

export type OAuthLinkResult =
  | { ok: true; userId: string }
  | { ok: false; error: "OAuthAccountNotLinked" | "OAuthTwoFactor" | "OAuthNoEmail" | "AccessDenied" };

export async function linkOAuthUser(db: DbClient, input: OAuthLinkInput): Promise<OAuthLinkResult> {
  const link = await db.oAuthAccount.findUnique({
    where: {
      provider_providerAccountId: { provider: input.provider, providerAccountId: input.providerAccountId },
    },
    select: { user: { select: { id: true, status: true, twoFactorEnabledAt: true } } },
  });
  if (link) {
    if (link.user.status === "deleted") return { ok: false, error: "AccessDenied" };
    if (link.user.twoFactorEnabledAt) return { ok: false, error: "OAuthTwoFactor" };
    return { ok: true, userId: link.user.id };
  }
  if (!input.email) return { ok: false, error: "OAuthNoEmail" };
  const email = normalizeEmail(input.email);
  const existing = await db.user.findUnique({ where: { email }, select: { id: true } });
  if (existing) {
    logger.warn(
      { provider: input.provider, userId: existing.id },
      "OAuth sign-in refused: address belongs to another account",
    );
    return { ok: false, error: "OAuthAccountNotLinked" };
  }
  const userId = await db.$transaction(async (tx) => {
    const user = await tx.user.create({
      data: {
        email,
        name: input.name?.slice(0, 100) || null,
        emailVerifiedAt: input.emailVerified ? new Date() : null,
      },
      select: { id: true },
    });
    await tx.oAuthAccount.create({
      data: { provider: input.provider, providerAccountId: input.providerAccountId, userId: user.id },
    });
    if (!input.emailVerified) await sendVerificationEmail(tx, { userId: user.id, email, name: input.name });
    else await sendWelcomeEmail(tx, { userId: user.id, email, name: input.name });
    return user.id;
  });
  logger.info({ userId, provider: input.provider }, "signed up with OAuth");
  return { ok: true, userId };
}
