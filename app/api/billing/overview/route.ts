// GET /api/billing/overview — the billing page's data for the signed-in user (own rows only).
import { billingOverview } from "@/lib/billing/overview";
import { withUser } from "@/lib/http/wrappers";

export const dynamic = "force-dynamic";

export const GET = withUser({}, async ({ principal, db }) => billingOverview(db, principal.userId));
