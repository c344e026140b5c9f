import { z } from "zod";

// No parameters: the export is always the signed-in user's whole statement.
export const LedgerCsvQuery = z.object({}).strict();
