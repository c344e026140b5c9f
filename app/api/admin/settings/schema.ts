import { z } from "zod";
import { LEGAL_DOCUMENT_IDS, LegalOverride } from "@/lib/settings/legal";
import { OperatorOverrides } from "@/lib/settings/operator";

/** The identity overrides in full: a field left out goes back to its env default. */
export const OperatorSettingsRequest = OperatorOverrides;

export const LegalOverrideRequest = LegalOverride.extend({ document: z.enum(LEGAL_DOCUMENT_IDS) });
