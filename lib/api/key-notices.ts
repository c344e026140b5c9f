// The owner is mailed when one of their API keys is created or revoked, so a key made by someone
// who took over a session does not go unnoticed. Written to the outbox in the change's transaction.
import { appUrl } from "@/lib/app-url";
import { getAccount } from "@/lib/auth/account";
import type { Db, DbClient } from "@/lib/db";
import { enqueueEmail } from "@/lib/email/enqueue";
import { emitWebhookEvent } from "@/lib/webhooks-out/emit";

export async function notifyKeyChange(
  db: Db,
  input: {
    userId: string;
    key: { id: string; name: string; prefix: string; lastFour: string };
    change: "created" | "revoked";
  },
): Promise<void> {
  if (input.change === "created")
    await emitWebhookEvent(db, {
      type: "api_key.created",
      userId: input.userId,
      key: input.key.id,
      data: {
        keyId: input.key.id,
        name: input.key.name,
        prefix: input.key.prefix,
        lastFour: input.key.lastFour,
      },
    });
  const account = await getAccount(db as DbClient, input.userId);
  const label = `"${input.key.name}" (${input.key.prefix}…${input.key.lastFour})`;
  await enqueueEmail(db, {
    to: account.email,
    template: "notice",
    category: "security",
    userId: input.userId,
    dedupeKey: `api-key-${input.change}:${input.key.id}`,
    data: {
      name: account.name ?? undefined,
      subject: `An API key was ${input.change} on your {product} account`,
      paragraphs: [
        input.change === "created"
          ? `The API key ${label} was created on your account. It spends PT from your balance.`
          : `The API key ${label} was revoked. Requests made with it are refused from now on.`,
        "If this was not you, revoke your keys and change your password now.",
      ],
      actionUrl: `${appUrl()}/account/api-keys`,
      actionLabel: "Review my API keys",
    },
  });
}
