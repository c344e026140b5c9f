// POST /api/admin/users/:id/adjust { amount, reason, key } — PT adjustment (+ grant, − clawback).
import { adjustPt } from "@/lib/admin/user-actions";
import { parseWith } from "@/lib/http/body";
import { otherMethods } from "@/lib/http/methods";
import { withAdmin } from "@/lib/http/wrappers";
import { UserParams } from "../../schema";
import { AdjustRequest } from "./schema";

export const POST = withAdmin({ body: AdjustRequest }, async ({ params, body, principal, requestId, db }) => {
  const { id } = parseWith(UserParams, params);
  return adjustPt(
    db,
    { userId: principal.userId, requestId },
    { userId: id, amount: BigInt(body.amount), reason: body.reason, key: body.key },
  );
});

export const { GET, HEAD, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ POST });
