// Admin mutations on a user: freeze / unfreeze (User.status and the ledger account together),
// a PT adjustment with a mandatory reason (a credit grant, or a clawback-style debit), and
// resending the verification email. Each writes its audit row in the same transaction.
import type { Actor } from "@/lib/admin/audit";
import { writeAudit } from "@/lib/admin/audit";
import { sendVerificationEmail } from "@/lib/auth/verify-email";
import { AppError } from "@/lib/errors";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { getBalance, setLedgerFrozen } from "@/lib/ledger/accounts";
import { clawback } from "@/lib/ledger/clawback";
import { grantCredits } from "@/lib/ledger/grants";
import { forgetCached, USER_ACCESS_CACHE } from "@/lib/ttl-cache";

const TX = { maxWait: 10_000, timeout: 20_000 };

async function findUser(db: PrismaClient, userId: string) {
  if (!/^[0-9a-f-]{36}$/i.test(userId)) throw new AppError("not_found", "No such user.");
  const user = await db.user.findUnique({
    where: { id: userId },
    select: { id: true, email: true, name: true, status: true, emailVerifiedAt: true },
  });
  if (!user) throw new AppError("not_found", "No such user.");
  return user;
}

export async function setUserFrozen(
  db: PrismaClient,
  actor: Actor,
  input: { userId: string; frozen: boolean; reason?: string },
): Promise<{ status: string; changed: boolean }> {
  await findUser(db, input.userId);
  return db.$transaction(async (tx) => {
    const before = await tx.user.findUniqueOrThrow({ where: { id: input.userId }, select: { status: true } });
    if (before.status === "deleted") throw new AppError("conflict", "This user is deleted.");
    const status = input.frozen ? "frozen" : "active";
    if (before.status === status) return { status, changed: false };
    await tx.user.update({ where: { id: input.userId }, data: { status } });
    await setLedgerFrozen(tx, { kind: "user", userId: input.userId }, input.frozen);
    forgetCached(USER_ACCESS_CACHE, input.userId);
    await writeAudit(tx, actor, {
      action: input.frozen ? "user.freeze" : "user.unfreeze",
      targetType: "user",
      targetId: input.userId,
      before: { status: before.status },
      after: { status, reason: input.reason ?? null },
    });
    return { status, changed: true };
  }, TX);
}

export type AdjustInput = { userId: string; amount: bigint; reason: string; key: string };

/** Positive: an "adjustment" grant. Negative: taken back (what is not spendable becomes debt). */
export async function adjustPt(db: PrismaClient, actor: Actor, input: AdjustInput) {
  if (input.amount === 0n) throw new AppError("bad_request", "The adjustment cannot be zero.");
  if (!input.reason.trim()) throw new AppError("bad_request", "A reason is required.");
  await findUser(db, input.userId);
  const account = { kind: "user" as const, userId: input.userId };
  const key = `admin-adjust:${input.key}`;
  const metadata = { reason: input.reason, actor: actor.userId, adjustment: true };
  return db.$transaction(async (tx) => {
    const before = await getBalance(tx, account);
    const result =
      input.amount > 0n
        ? await grantCredits(tx, {
            account,
            amount: input.amount,
            source: "adjustment",
            key,
            actor: actor.userId,
            metadata,
          })
        : await clawback(tx, {
            account,
            amount: -input.amount,
            kind: "refund",
            key,
            actor: actor.userId,
            metadata,
          });
    if (!result.created) return { transactionId: result.transactionId, created: false };
    const after = await getBalance(tx, account);
    await writeAudit(tx, actor, {
      action: "user.adjust_pt",
      targetType: "user",
      targetId: input.userId,
      before: { available: before.available, posted: before.posted, debt: before.debt },
      after: {
        available: after.available,
        posted: after.posted,
        debt: after.debt,
        amount: input.amount,
        reason: input.reason,
        transactionId: result.transactionId,
      },
    });
    return { transactionId: result.transactionId, created: true };
  }, TX);
}

export async function resendVerification(db: PrismaClient, actor: Actor, userId: string) {
  const user = await findUser(db, userId);
  if (user.emailVerifiedAt) throw new AppError("conflict", "This email address is already verified.");
  await db.$transaction(async (tx) => {
    await sendVerificationEmail(tx, { userId, email: user.email, name: user.name });
    await writeAudit(tx, actor, {
      action: "user.resend_verification",
      targetType: "user",
      targetId: userId,
      after: { email: user.email },
    });
  }, TX);
  return { sent: true };
}
