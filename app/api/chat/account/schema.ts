import { z } from "zod";

/** GET /api/chat/account: `teamId` for the team workspace's numbers (members only). */
export const ChatAccountQuery = z.object({ teamId: z.uuid().optional() });
