// The nightly price sync's wiring: configuration from env, what a PT sells for from the billing
// catalog, and alerts to admins (email and an in-app notification, once per alert and day).
import { cheapestUsdPtSale } from "@/lib/billing/catalog";
import { notifyAdmins } from "@/lib/email/notify-admins";
import { env } from "@/lib/env";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { logger } from "@/lib/logger";
import type { SyncResult } from "@/lib/pricing/sync/sync-prices";
import { syncPrices } from "@/lib/pricing/sync/sync-prices";

export async function syncPricesJob(
  db: PrismaClient,
  now: Date,
  options: { fetch?: typeof fetch } = {},
): Promise<SyncResult> {
  const e = env();
  return syncPrices(db, {
    now,
    url: e.PRICE_SYNC_URL,
    fetch: options.fetch,
    sale: cheapestUsdPtSale(),
    alertPercent: e.PRICE_CHANGE_ALERT_PERCENT,
    marginThresholdPercent: e.MARGIN_ALERT_THRESHOLD,
    costDelayHours: e.PRICE_COST_DELAY_HOURS,
    alert: async (a) => {
      logger.warn({ notify: "admins", kind: a.kind, model: a.model }, a.message);
      await notifyAdmins(db, {
        subject: a.model
          ? `Pricing: ${a.kind.replaceAll("_", " ")} for ${a.model}`
          : "Pricing: the price list could not be read",
        paragraphs: [a.message],
        path: "/admin/pricing",
        dedupeKey: a.dedupeKey,
        inAppKind: "price_alert",
      });
    },
  });
}
