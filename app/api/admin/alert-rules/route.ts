// GET /api/admin/alert-rules — the custom alert rules and the latest firings (rules and cost
// anomalies); POST — a new rule (audited).
import { listAlertFirings } from "@/lib/alerts/firings";
import { createAlertRule, listAlertRules } from "@/lib/alerts/rules";
import { otherMethods } from "@/lib/http/methods";
import { withAdmin } from "@/lib/http/wrappers";
import { AlertRuleRequest } from "./schema";

export const GET = withAdmin({}, async ({ db }) => {
  const [rules, firings] = await Promise.all([listAlertRules(db), listAlertFirings(db)]);
  return { rules, firings };
});

export const POST = withAdmin(
  { body: AlertRuleRequest, maxBodyBytes: 4096 },
  async ({ principal, body, db, requestId }) => ({
    rule: await createAlertRule(db, { userId: principal.userId, requestId }, body),
  }),
);

export const { HEAD, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ GET, POST });
