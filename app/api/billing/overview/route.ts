// GET /api/billing/overview — the billing page's data for the signed-in user (own rows only).
import { billingOverview } from "@/lib/billing/overview";
import { otherMethods } from "@/lib/http/methods";
import { withUser } from "@/lib/http/wrappers";

export const dynamic = "force-dynamic";

export const GET = withUser({}, async ({ principal, db }) => billingOverview(db, principal.userId));

export const { HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ GET });
