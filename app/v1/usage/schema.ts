import { z } from "zod";
import { utcMonth } from "@/lib/periods";

/** GET /v1/usage?month=YYYY-MM (default: the current UTC month). */
export const UsageQuery = z.object({
  month: z
    .string()
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/, "Use YYYY-MM.")
    .optional()
    .transform((m) => m ?? utcMonth(new Date())),
});

const PtString = z.string().regex(/^\d+$/).describe("PT, a whole number as a decimal string");
const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const DayAndModel = z.object({
  day: Day,
  model: z.string(),
  requests: z.number().int(),
  pt: PtString,
  input_tokens: z.number().int(),
  output_tokens: z.number().int(),
});

/**
 * GET /v1/usage: the key's spend (from its request records) and the paying account's (from the
 * ledger): the key maker's own account, or for a team-owned key the team's pool.
 */
export const UsageResponse = z.object({
  object: z.literal("usage"),
  month: z.string(),
  key: z.object({
    id: z.string(),
    total_pt: PtString,
    requests: z.number().int(),
    by_day_and_model: z.array(DayAndModel),
  }),
  account: z.object({
    /** user: the key maker's own balance pays; team: the team's shared pool does. */
    type: z.enum(["user", "team"]),
    team_id: z.string().nullable().describe("The team whose pool pays (team-owned keys), else null"),
    available_pt: PtString.describe("PT the paying account can spend now (0 while frozen or in debt)"),
    total_pt: PtString,
    by_day: z.array(z.object({ day: Day, pt: PtString, requests: z.number().int() })),
    by_model: z.array(
      z.object({
        model: z.string(),
        pt: PtString,
        requests: z.number().int(),
        input_tokens: z.number().int(),
        output_tokens: z.number().int(),
      }),
    ),
    /** Chat and API usage of the account, per UTC day and model (days without usage left out). */
    by_day_and_model: z.array(DayAndModel),
  }),
});
