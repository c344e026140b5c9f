// GET/PUT /api/account/low-balance: the signed-in user's low-balance alert (a PT threshold, or
// null: off). Setting it (again) re-arms it. Answers the setting after every change.
import { lowBalanceSetting, removeLowBalance, setLowBalance } from "@/lib/budgets/low-balance";
import { otherMethods } from "@/lib/http/methods";
import { withUser } from "@/lib/http/wrappers";
import { LowBalanceRequest } from "./schema";

const own = (userId: string) => ({ kind: "user" as const, userId });

export const GET = withUser({}, async ({ principal, db }) => lowBalanceSetting(db, own(principal.userId)));

export const PUT = withUser(
  { body: LowBalanceRequest, maxBodyBytes: 1024 },
  async ({ principal, body, db }) => {
    const account = own(principal.userId);
    if (body.thresholdPt === null) await removeLowBalance(db, account);
    else await setLowBalance(db, account, { thresholdPt: body.thresholdPt });
    return lowBalanceSetting(db, account);
  },
);

export const { HEAD, POST, PATCH, DELETE, OPTIONS } = otherMethods({ GET, PUT });
