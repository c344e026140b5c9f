// Webhook endpoints of one owner: a user (their own events) or the operator (userId null, managed
// by admins). Every query is scoped by the owner, so another owner's endpoint id is not found.
// The secret is answered at creation and rotation only; every change is audited in its transaction.
import { isIP } from "node:net";
import { writeAudit } from "@/lib/admin/audit";
import type { Db, DbClient } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { WebhookFormat } from "@/lib/generated/prisma/client";
import { isAllowedAddress } from "./address-policy";
import { ADMIN_ALERT_TYPE } from "./chat-format";
import { isUserEventType, type WebhookEventType } from "./events";
import { allowLoopbackTargets } from "./policy";
import { generateWebhookSecret } from "./secrets";

export type Owner = { userId: string | null };
type Actor = { userId: string; requestId?: string };
export const MAX_ENDPOINTS_PER_OWNER = 20;
/** After a rotation the previous secret keeps signing this long, so receivers can switch over. */
export const ROTATION_GRACE_MS = 24 * 3_600_000;

export const ENDPOINT_VIEW = {
  id: true,
  url: true,
  description: true,
  format: true,
  events: true,
  enabled: true,
  disabledReason: true,
  failingSince: true,
  previousSecretUntil: true,
  createdAt: true,
  updatedAt: true,
} as const;
export type EndpointView = {
  id: string;
  url: string;
  description: string;
  format: WebhookFormat;
  events: string[];
  enabled: boolean;
  disabledReason: string | null;
  failingSince: Date | null;
  previousSecretUntil: Date | null;
  createdAt: Date;
  updatedAt: Date;
};

export type EndpointInput = {
  url?: string;
  description?: string;
  events?: WebhookEventType[];
  enabled?: boolean;
};

/** Refuses what can never be delivered; host names are checked again after DNS at every send. */
function assertDeliverable(owner: Owner, input: EndpointInput & { format?: WebhookFormat }): void {
  const issues: { path: string; message: string }[] = [];
  if (owner.userId && input.format && input.format !== "standard")
    issues.push({ path: "format", message: "Slack and Discord channels are for operator alerts only." });
  if (input.url !== undefined) {
    const url = URL.parse(input.url);
    const host = url?.hostname.replace(/^\[|\]$/g, "") ?? "";
    if (!url || (url.protocol !== "https:" && url.protocol !== "http:"))
      issues.push({ path: "url", message: "Use an http(s) URL." });
    else if (url.username || url.password)
      issues.push({ path: "url", message: "No credentials in the URL." });
    else if (
      host === "localhost"
        ? !allowLoopbackTargets()
        : isIP(host) && !isAllowedAddress(host, allowLoopbackTargets())
    )
      issues.push({ path: "url", message: "Private, loopback and link-local addresses are not allowed." });
  }
  if (owner.userId && input.events?.some((e) => !isUserEventType(e)))
    issues.push({ path: "events", message: "Only events about your own account can be subscribed." });
  if (issues.length) throw new AppError("validation_failed", "This endpoint cannot be used.", issues);
}

const scope = (owner: Owner, id: string) => ({ id, userId: owner.userId });
const auditTarget = (owner: Owner) => (owner.userId ? "user_webhook" : "operator_webhook");

export async function listEndpoints(db: Db, owner: Owner): Promise<EndpointView[]> {
  return db.webhookEndpoint.findMany({
    where: { userId: owner.userId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    select: ENDPOINT_VIEW,
  });
}

export async function getEndpoint(db: Db, owner: Owner, id: string): Promise<EndpointView> {
  const found = await db.webhookEndpoint.findFirst({ where: scope(owner, id), select: ENDPOINT_VIEW });
  if (!found) throw new AppError("not_found", "No such webhook endpoint.");
  return found;
}

export async function createEndpoint(
  db: DbClient,
  actor: Actor,
  owner: Owner,
  input: EndpointInput & { url: string; format?: WebhookFormat },
): Promise<{ endpoint: EndpointView; secret: string }> {
  assertDeliverable(owner, input);
  const format = input.format ?? "standard";
  if (format === "standard" && !input.events?.length)
    throw new AppError("validation_failed", "Pick at least one event.", [
      { path: "events", message: "Pick at least one event." },
    ]);
  // A chat channel receives the admin alerts and nothing else.
  const events = format === "standard" ? [...new Set(input.events)] : [ADMIN_ALERT_TYPE];
  const secret = generateWebhookSecret();
  return db.$transaction(async (tx) => {
    const count = await tx.webhookEndpoint.count({ where: { userId: owner.userId } });
    if (count >= MAX_ENDPOINTS_PER_OWNER)
      throw new AppError("conflict", `At most ${MAX_ENDPOINTS_PER_OWNER} endpoints; delete one first.`);
    const endpoint = await tx.webhookEndpoint.create({
      data: {
        userId: owner.userId,
        url: input.url,
        description: input.description ?? "",
        format,
        events,
        enabled: input.enabled ?? true,
        secret,
      },
      select: ENDPOINT_VIEW,
    });
    await writeAudit(tx, actor, {
      action: `${auditTarget(owner)}.create`,
      targetType: "WebhookEndpoint",
      targetId: endpoint.id,
      after: endpoint,
    });
    return { endpoint, secret };
  });
}

export async function updateEndpoint(
  db: DbClient,
  actor: Actor,
  owner: Owner,
  id: string,
  input: EndpointInput,
): Promise<EndpointView> {
  assertDeliverable(owner, input);
  return db.$transaction(async (tx) => {
    const before = await getEndpoint(tx, owner, id);
    if (before.format !== "standard" && input.events)
      throw new AppError("validation_failed", "A Slack or Discord channel receives admin alerts only.", [
        { path: "events", message: "Not for a Slack or Discord channel." },
      ]);
    // Enabling by hand starts afresh: the failing streak and its reason are forgotten.
    const reenable = input.enabled === true && !before.enabled;
    await tx.webhookEndpoint.updateMany({
      where: scope(owner, id),
      data: {
        url: input.url,
        description: input.description,
        events: input.events ? [...new Set(input.events)] : undefined,
        enabled: input.enabled,
        ...(reenable ? { failingSince: null, disabledReason: null } : {}),
      },
    });
    const after = await getEndpoint(tx, owner, id);
    await writeAudit(tx, actor, {
      action: `${auditTarget(owner)}.update`,
      targetType: "WebhookEndpoint",
      targetId: id,
      before,
      after,
    });
    return after;
  });
}

export async function deleteEndpoint(db: DbClient, actor: Actor, owner: Owner, id: string): Promise<void> {
  await db.$transaction(async (tx) => {
    const before = await getEndpoint(tx, owner, id);
    await tx.webhookEndpoint.deleteMany({ where: scope(owner, id) });
    await writeAudit(tx, actor, {
      action: `${auditTarget(owner)}.delete`,
      targetType: "WebhookEndpoint",
      targetId: id,
      before,
    });
  });
}

/** A new secret; the old one keeps signing (a second signature) for ROTATION_GRACE_MS. */
export async function rotateSecret(
  db: DbClient,
  actor: Actor,
  owner: Owner,
  id: string,
  now: Date = new Date(),
): Promise<{ endpoint: EndpointView; secret: string }> {
  const secret = generateWebhookSecret();
  return db.$transaction(async (tx) => {
    const current = await tx.webhookEndpoint.findFirst({ where: scope(owner, id), select: { secret: true } });
    if (!current) throw new AppError("not_found", "No such webhook endpoint.");
    await tx.webhookEndpoint.updateMany({
      where: scope(owner, id),
      data: {
        secret,
        previousSecret: current.secret,
        previousSecretUntil: new Date(now.getTime() + ROTATION_GRACE_MS),
      },
    });
    const endpoint = await getEndpoint(tx, owner, id);
    await writeAudit(tx, actor, {
      action: `${auditTarget(owner)}.rotate_secret`,
      targetType: "WebhookEndpoint",
      targetId: id,
    });
    return { endpoint, secret };
  });
}
