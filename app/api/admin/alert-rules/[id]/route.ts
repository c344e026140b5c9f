// PATCH /api/admin/alert-rules/:id — edit, enable or disable a rule (validated whole after the
// change); DELETE — remove it (its past firings stay listed). Both audited.
import { deleteAlertRule, updateAlertRule } from "@/lib/alerts/rules";
import { otherMethods } from "@/lib/http/methods";
import { withAdmin } from "@/lib/http/wrappers";
import { AlertRuleParams, AlertRulePatchRequest } from "../schema";

export const PATCH = withAdmin(
  { body: AlertRulePatchRequest, params: AlertRuleParams, maxBodyBytes: 4096 },
  async ({ principal, body, params, db, requestId }) => ({
    rule: await updateAlertRule(db, { userId: principal.userId, requestId }, params.id, body),
  }),
);

export const DELETE = withAdmin({ params: AlertRuleParams }, async ({ principal, params, db, requestId }) => {
  await deleteAlertRule(db, { userId: principal.userId, requestId }, params.id);
  return { deleted: true };
});

export const { GET, HEAD, POST, PUT, OPTIONS } = otherMethods({ PATCH, DELETE });
