import { z } from "zod";

export const ConversationParams = z.object({ id: z.uuid() });

export const RenameConversationRequest = z.object({ title: z.string().trim().min(1).max(120) });
