// GET/PUT /api/chat/settings: the signed-in user's own daily PT cap (below the plan's cap).
// A cap above the plan's is refused (422 on the field): it could never take effect, and saving it
// would mislead the user into thinking they had raised their limit.
import { ChatSettingsRequest } from "@/app/api/chat/settings/schema";
import { loadChatAccess } from "@/lib/chat/limits";
import { chatAccountSummary, setDailyPtCap } from "@/lib/chat/settings";
import { AppError } from "@/lib/errors";
import { otherMethods } from "@/lib/http/methods";
import { withUser } from "@/lib/http/wrappers";
import { formatPt } from "@/lib/money/pt";

export const GET = withUser({}, async ({ principal, db }) => chatAccountSummary(db, principal));

export const PUT = withUser({ body: ChatSettingsRequest }, async ({ principal, body, db }) => {
  if (body.dailyPtCap !== null) {
    const planCap = (await loadChatAccess(db, principal)).entitlements.dailyPtCap;
    if (body.dailyPtCap > planCap)
      throw new AppError("validation_failed", undefined, [
        { path: "dailyPtCap", message: `At most your plan's cap of ${formatPt(planCap)}.` },
      ]);
  }
  await setDailyPtCap(db, principal.userId, body.dailyPtCap);
  return chatAccountSummary(db, principal);
});

export const { HEAD, POST, PATCH, DELETE, OPTIONS } = otherMethods({ GET, PUT });
