// POST /api/auth/password/forgot — always 202. The work runs after the response (next/server
// after()), so neither the answer nor its timing says whether the address has an account.
import { after } from "next/server";
import { sha256Hex } from "@/lib/auth/crypto";
import { requestPasswordReset } from "@/lib/auth/password-reset";
import { otherMethods } from "@/lib/http/methods";
import { json } from "@/lib/http/respond";
import { withPublic } from "@/lib/http/route";
import { logger } from "@/lib/logger";
import { limit } from "@/lib/ratelimit/limiter";
import { RATE_LIMIT_POLICIES } from "@/lib/ratelimit/policies";
import { ForgotPasswordRequest } from "./schema";

/** At most 3 reset mails per address per hour, whoever asks (no mail-bombing a victim). */
const RESET_MAIL_POLICY = { name: "resetMail", limit: 3, windowSeconds: 3600 } as const;

export const POST = withPublic(
  { body: ForgotPasswordRequest, rateLimit: RATE_LIMIT_POLICIES.auth, maxBodyBytes: 4 * 1024 },
  async ({ body, db }) => {
    const email = body.email;
    after(async () => {
      try {
        const allowed = await limit(`${RESET_MAIL_POLICY.name}:${sha256Hex(email)}`, RESET_MAIL_POLICY);
        if (!allowed.allowed) return logger.warn("password reset mail suppressed: per-address limit");
        await requestPasswordReset(db, email);
      } catch (error) {
        logger.error({ err: error }, "password reset request failed");
      }
    });
    return json(
      { ok: true, message: "If that address has an account, a reset link is on its way." },
      { status: 202 },
    );
  },
);

export const { GET, HEAD, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ POST });
