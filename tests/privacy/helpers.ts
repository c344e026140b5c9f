// A user with a row in (nearly) every table that can hold data about them, for the export and
// deletion tests. The name and email are distinctive so a search of every text column finds them.
import { randomBytes } from "node:crypto";
import { setBudget } from "@/lib/budgets/budgets";
import { enqueueEmail } from "@/lib/email/enqueue";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { grantCredits } from "@/lib/ledger/grants";
import { reserve } from "@/lib/ledger/holds";
import { settle } from "@/lib/ledger/settle";
import { sessionCookie, uniqueEmail } from "@/tests/auth/helpers";
import { signedIn } from "@/tests/compliance/helpers";

export async function richUser(p: PrismaClient) {
  const email = uniqueEmail("zebulon").replace("@example.com", "@quillfeather.example");
  const name = `Zebulon Quillfeather-${randomBytes(4).toString("hex")}`;
  const base = await signedIn(p, "USER", { acceptLegal: false }); // its one acceptance is below
  await p.user.update({ where: { id: base.id }, data: { email, name } });
  const user = { ...base, email, name, cookie: (await sessionCookie(p, base.id)).cookie };
  const owner = { userId: user.id };
  await grantCredits(p, {
    account: { kind: "user", userId: user.id },
    amount: 50_000n,
    source: "purchase",
    kind: "purchase",
    key: `seed-purchase:${user.id}`,
  });
  const conversation = await p.conversation.create({
    data: { ...owner, title: `Trip plans of ${name}`, model: "demo" },
  });
  const message = await p.message.create({
    data: { conversationId: conversation.id, role: "user", content: `My email is ${email}` },
  });
  // A monthly budget the charge below takes to 80 %: two alerts (mail and notice naming the user).
  await setBudget(p, { kind: "user", userId: user.id }, { amountPt: 500n, hardStop: false });
  const hold = await reserve(p, {
    account: { kind: "user", userId: user.id },
    amount: 1_000n,
    key: `msg:${message.id}`,
    ttlSeconds: 300,
  });
  await settle(p, { holdId: hold.holdId, actual: 400n });
  await p.payment.create({
    data: {
      ...owner,
      kind: "topup",
      sourceId: `cs_test_${user.id}`,
      amountMinor: 500n,
      currency: "usd",
      // Taxed at checkout: the billing details the buyer gave (the name is the account's).
      taxMinor: 83n,
      taxLabel: "VAT 20 % (DE)",
      buyerName: name,
      buyerAddress: "1 Quill Lane\n10115 Featherton\nDE",
      buyerCountry: "DE",
      buyerTaxId: "DE999999999",
      pt: 50_000n,
      description: "Top-up, 50,000 PT",
    },
  });
  await p.billingDispute.create({
    data: { id: `dp_${user.id}`, ...owner, chargeId: `ch_${user.id}`, status: "won", amountMinor: 500n },
  });
  await p.dispute.create({
    data: {
      ...owner,
      itemType: "message",
      itemId: message.id,
      reason: "wrong",
      detail: `— ${name}`,
    },
  });
  await p.notification.create({
    data: { ...owner, kind: "info", title: "Hello", body: `Hi ${name}` },
  });
  // A team membership, and a pending invitation to the address from another team.
  const team = await p.team.create({ data: { name: "Quill team", createdBy: user.id } });
  await p.teamMember.create({ data: { teamId: team.id, userId: user.id, role: "owner", dailyCapPt: 900n } });
  const other = await p.team.create({ data: { name: "Other team", createdBy: team.id } });
  await p.teamInvite.create({
    data: {
      teamId: other.id,
      email: email.toLowerCase(),
      role: "member",
      tokenHash: randomBytes(32).toString("hex"),
      openKey: `${other.id}:${email.toLowerCase()}`,
      invitedBy: team.id,
      expiresAt: new Date(Date.now() + 86_400_000),
    },
  });
  await p.apiKey.create({
    data: {
      ...owner,
      name: "laptop",
      prefix: "lc_test_",
      lastFour: "abcd",
      secretHash: `hash-${user.id}`,
      scopes: [],
    },
  });
  await p.legalAcceptance.create({ data: { ...owner, document: "terms", version: "1", ip: "203.0.113.7" } });
  await p.cookieConsent.create({ data: { ...owner, version: "1", analytics: true, marketing: false } });
  await p.chatSettings.create({ data: { ...owner, dailyPtCap: 9_000n } });
  await enqueueEmail(p, {
    to: email,
    template: "verify-email",
    userId: user.id,
    data: { name: name, url: "http://app.test/v" },
  });
  await p.auditLog.create({
    data: {
      actorId: user.id,
      action: "user.freeze",
      targetType: "user",
      targetId: user.id,
      after: { email },
    },
  });
  return { ...user, conversationId: conversation.id, messageId: message.id };
}
