// GET/PUT /api/chat/settings: the signed-in user's own daily PT cap (below the plan's cap).
import { ChatSettingsRequest } from "@/app/api/chat/settings/schema";
import { chatAccountSummary, setDailyPtCap } from "@/lib/chat/settings";
import { getDb } from "@/lib/db";
import { withUser } from "@/lib/http/wrappers";

export const GET = withUser({}, async ({ principal }) => chatAccountSummary(await getDb(), principal));

export const PUT = withUser({ body: ChatSettingsRequest }, async ({ principal, body }) => {
  const db = await getDb();
  await setDailyPtCap(db, principal.userId, body.dailyPtCap);
  return chatAccountSummary(db, principal);
});
