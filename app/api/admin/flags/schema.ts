import { z } from "zod";
import { FLAG_NAMES } from "@/lib/feature-flags";

/** Sets a flag's admin override (true / false) or clears it (null: back to env or the default). */
export const FlagChangeRequest = z.strictObject({
  name: z.enum(FLAG_NAMES, "unknown flag"),
  enabled: z.boolean().nullable(),
});

export const FlagStateSchema = z.object({
  name: z.string(),
  description: z.string(),
  owner: z.string(),
  default: z.boolean(),
  env: z.boolean().optional(),
  override: z.boolean().optional(),
  effective: z.boolean(),
  source: z.enum(["admin", "env", "default"]),
});

export const FlagListResponse = z.object({ flags: z.array(FlagStateSchema) });
export const FlagChangeResponse = z.object({ flag: FlagStateSchema });
