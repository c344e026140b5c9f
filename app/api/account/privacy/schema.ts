import { z } from "zod";

export const PrivacySettingsRequest = z.strictObject({ keepHistory: z.boolean() });
