import { z } from "zod";
import { LEGAL_DOCUMENT_IDS } from "@/lib/settings/legal";

export const AcceptLegalRequest = z.strictObject({
  documents: z
    .array(z.strictObject({ id: z.enum(LEGAL_DOCUMENT_IDS), version: z.string().trim().min(1).max(32) }))
    .min(1)
    .max(LEGAL_DOCUMENT_IDS.length),
});
export const AcceptLegalResponse = z.object({ ok: z.literal(true), pending: z.number().int() });
