// The alert rule bodies: one zod schema shared with the service, which also validates every update
// merged with the stored rule (lib/alerts/rules.ts). Thresholds are written in the metric's unit.
import { z } from "zod";

export {
  AlertRuleInput as AlertRuleRequest,
  AlertRulePatch as AlertRulePatchRequest,
} from "@/lib/alerts/rules";

export const AlertRuleParams = z.object({ id: z.uuid() });
