// POST /api/admin/users/:id/freeze { frozen, reason? } — freeze or unfreeze (status + ledger).
import { setUserFrozen } from "@/lib/admin/user-actions";
import { parseWith } from "@/lib/http/body";
import { otherMethods } from "@/lib/http/methods";
import { withAdmin } from "@/lib/http/wrappers";
import { UserParams } from "../../schema";
import { FreezeRequest } from "./schema";

export const POST = withAdmin({ body: FreezeRequest }, async ({ params, body, principal, requestId, db }) => {
  const { id } = parseWith(UserParams, params);
  return setUserFrozen(db, { userId: principal.userId, requestId }, { userId: id, ...body });
});

export const { GET, HEAD, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ POST });
