// The outgoing webhook event types (docs/webhooks.md). User events concern one user and go to
// that user's endpoints and to operator endpoints; operator events go to operator endpoints only.
// A leaf file: routes, schemas and every emitting domain import it without importing the worker.

export const USER_EVENT_TYPES = [
  "usage.threshold_crossed",
  "balance.low",
  "payment.succeeded",
  "payment.failed",
  "subscription.changed",
  "dispute.created",
  "dispute.resolved",
  "api_key.created",
] as const;

export const OPERATOR_EVENT_TYPES = [
  "reconciliation.failed",
  "margin.alert",
  "price.changed",
  "cost.anomaly",
  "alert.triggered",
] as const;

export const WEBHOOK_EVENT_TYPES = [...USER_EVENT_TYPES, ...OPERATOR_EVENT_TYPES] as const;
/**
 * Declared but not emitted yet: the settings pages do not offer them, so nobody subscribes to
 * silence. Empty today (balance.low is written by the settlement's statement since it learned to).
 */
export const NOT_YET_EMITTED: readonly WebhookEventType[] = [];

/** The event types the settings pages offer: those the app emits. */
export function offeredEventTypes(types: readonly WebhookEventType[]): WebhookEventType[] {
  return types.filter((t) => !NOT_YET_EMITTED.includes(t));
}

/** Sent by "Send test event" only; never emitted by the app, never subscribed. */
export const TEST_EVENT_TYPE = "webhook.test";

export type UserEventType = (typeof USER_EVENT_TYPES)[number];
export type OperatorEventType = (typeof OPERATOR_EVENT_TYPES)[number];
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

export function isUserEventType(type: string): type is UserEventType {
  return (USER_EVENT_TYPES as readonly string[]).includes(type);
}
