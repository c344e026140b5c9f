import { z } from "zod";
import { EmailField } from "@/lib/auth/email-address";

/** A request an admin runs for a user who asked by email; the note says how it was verified. */
export const AdminPrivacyRequest = z.strictObject({
  email: EmailField,
  note: z.string().trim().min(3, "Say who asked and how you checked it was them.").max(500),
});
