// GET /api/billing/overview — the billing page's data for the signed-in user (own rows only).
import { billingOverview } from "@/lib/billing/overview";
import { getDb } from "@/lib/db";
import { withUser } from "@/lib/http/wrappers";

export const dynamic = "force-dynamic";

export const GET = withUser({}, async ({ principal }) => billingOverview(await getDb(), principal.userId));
