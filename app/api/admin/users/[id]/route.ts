// GET /api/admin/users/:id — balance and grants, ledger, conversation metadata, sessions.
import { userDetail } from "@/lib/admin/users";
import { getDb } from "@/lib/db";
import { parseWith } from "@/lib/http/body";
import { withAdmin } from "@/lib/http/wrappers";
import { UserParams } from "../schema";

export const dynamic = "force-dynamic";

export const GET = withAdmin({}, async ({ params }) => {
  const { id } = parseWith(UserParams, params);
  return userDetail(await getDb(), id);
});
