// GET /api/admin/users/:id — balance and grants, ledger, conversation metadata, sessions.
import { userDetail } from "@/lib/admin/users";
import { parseWith } from "@/lib/http/body";
import { otherMethods } from "@/lib/http/methods";
import { withAdmin } from "@/lib/http/wrappers";
import { UserParams } from "../schema";

export const dynamic = "force-dynamic";

export const GET = withAdmin({}, async ({ params, db }) => {
  const { id } = parseWith(UserParams, params);
  return userDetail(db, id);
});

export const { HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ GET });
