// GET/PUT /api/billing/auto-topup: the signed-in user's auto top-up settings, the latest charges
// and the packs it can buy. Turning it on is refused (409) without a saved card or while Stripe Tax
// is on (docs/billing.md#auto-top-up).
import { autoTopUpSettings, setAutoTopUp } from "@/lib/billing/auto-topup";
import { catalog } from "@/lib/billing/catalog";
import type { Db } from "@/lib/db";
import { otherMethods } from "@/lib/http/methods";
import { withUser } from "@/lib/http/wrappers";
import { AutoTopUpRequest } from "./schema";

export const dynamic = "force-dynamic";

async function view(db: Db, userId: string) {
  const settings = await autoTopUpSettings(db, userId);
  const packs = catalog().packs.map((p) => ({ id: p.id, name: p.name, pt: p.pt, price: p.price }));
  return { ...settings, packs };
}

export const GET = withUser({}, async ({ principal, db }) => view(db, principal.userId));

export const PUT = withUser(
  { body: AutoTopUpRequest, maxBodyBytes: 1024 },
  async ({ principal, body, db }) => {
    await setAutoTopUp(db, principal.userId, body);
    return view(db, principal.userId);
  },
);

export const { HEAD, POST, PATCH, DELETE, OPTIONS } = otherMethods({ GET, PUT });
