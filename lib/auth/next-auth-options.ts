// next-auth v4 configuration: Credentials (email + password + optional 2FA code in the same
// POST to /api/auth/callback/credentials) and the optional OAuth providers, JWT sessions whose
// token carries only the user id (sub) and the Session row id (sid). Built per request so
// configuration errors surface on use, not at build time.
import { headers } from "next/headers";
import type { AuthOptions, User } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { secureCookies, sessionCookieName, sessionPolicy } from "@/lib/auth/config";
import { EmailField } from "@/lib/auth/email-address";
import { linkOAuthUser, oauthProviders } from "@/lib/auth/oauth";
import { authSecret } from "@/lib/auth/secret";
import { createSession, getActiveSession, revokeSession } from "@/lib/auth/sessions";
import { signInWithPassword } from "@/lib/auth/sign-in";
import { getDb } from "@/lib/db";
import { applyNextAuthUrlDefault } from "@/lib/env";
import { clientIp } from "@/lib/http/client-ip";
import { logger } from "@/lib/logger";

type SessionUserInfo = User & { sessionId?: string };

function requestInfo(raw: Record<string, unknown> | Headers | undefined): {
  ip: string;
  userAgent: string | null;
} {
  const h =
    raw instanceof Headers
      ? raw
      : new Headers(Object.entries(raw ?? {}).filter((e): e is [string, string] => typeof e[1] === "string"));
  return { ip: clientIp(new Request("http://internal/", { headers: h })), userAgent: h.get("user-agent") };
}

export function authOptions(): AuthOptions {
  applyNextAuthUrlDefault();
  const secure = secureCookies();
  const maxAgeSeconds = Math.floor(sessionPolicy().maxAgeMs / 1000);
  return {
    secret: authSecret(),
    useSecureCookies: secure,
    session: { strategy: "jwt", maxAge: maxAgeSeconds, updateAge: 24 * 60 * 60 },
    jwt: { maxAge: maxAgeSeconds },
    cookies: {
      sessionToken: {
        name: sessionCookieName(),
        options: { httpOnly: true, sameSite: "lax", path: "/", secure },
      },
    },
    pages: { signIn: "/sign-in", error: "/sign-in" },
    providers: [
      CredentialsProvider({
        id: "credentials",
        name: "Email and password",
        credentials: {
          email: { label: "Email", type: "email" },
          password: { label: "Password", type: "password" },
          code: { label: "Authentication code", type: "text" },
        },
        async authorize(credentials, req) {
          const email = EmailField.safeParse(credentials?.email ?? "");
          const password = typeof credentials?.password === "string" ? credentials.password : "";
          if (!email.success || password.length === 0) throw new Error("invalid_credentials");
          const code =
            typeof credentials?.code === "string" && credentials.code.trim() ? credentials.code : undefined;
          const { ip, userAgent } = requestInfo(req?.headers);
          const result = await signInWithPassword(await getDb(), {
            email: email.data,
            password,
            code,
            ip,
            userAgent,
          });
          if (!result.ok) throw new Error(result.error);
          const user: SessionUserInfo = {
            id: result.userId,
            email: result.email,
            name: result.name,
            sessionId: result.sessionId,
          };
          return user;
        },
      }),
      ...oauthProviders(),
    ],
    callbacks: {
      async signIn({ account, profile, user }) {
        if (!account || account.provider === "credentials") return true;
        const verified =
          account.provider === "google"
            ? (profile as { email_verified?: boolean } | undefined)?.email_verified === true
            : false;
        const result = await linkOAuthUser(await getDb(), {
          provider: account.provider,
          providerAccountId: account.providerAccountId,
          email: user.email,
          emailVerified: verified,
          name: user.name,
        });
        return result.ok ? true : `/sign-in?error=${result.error}`;
      },
      async jwt({ token, user, account }) {
        if (account && account.provider !== "credentials") {
          const db = await getDb();
          const link = await db.oAuthAccount.findUnique({
            where: {
              provider_providerAccountId: {
                provider: account.provider,
                providerAccountId: account.providerAccountId,
              },
            },
            select: { userId: true },
          });
          if (!link) throw new Error("AccessDenied");
          const { ip, userAgent } = requestInfo(await headers());
          const session = await createSession(db, {
            userId: link.userId,
            method: `oauth:${account.provider}`,
            ip,
            userAgent,
          });
          logger.info(
            { userId: link.userId, sessionId: session.id, provider: account.provider },
            "signed in with OAuth",
          );
          return { sub: link.userId, sid: session.id };
        }
        if (user) return { sub: user.id, sid: (user as SessionUserInfo).sessionId };
        return { sub: token.sub, sid: token.sid, iat: token.iat, exp: token.exp, jti: token.jti };
      },
      async session({ session, token }) {
        const live =
          typeof token.sub === "string" && typeof token.sid === "string"
            ? await getActiveSession(await getDb(), token.sid, token.sub)
            : null;
        return { expires: session.expires, user: live ? { id: live.userId } : undefined } as typeof session;
      },
    },
    events: {
      async signOut({ token }) {
        const sid = token?.sid;
        if (typeof sid === "string" && typeof token.sub === "string") {
          await revokeSession(await getDb(), { userId: token.sub, sessionId: sid, reason: "signed_out" });
        }
      },
    },
    logger: {
      error: (code, metadata) =>
        logger.warn(
          { code, metadata: metadata instanceof Error ? metadata.message : undefined },
          "next-auth error",
        ),
      warn: (code) => logger.warn({ code }, "next-auth warning"),
      debug: () => undefined,
    },
  };
}
