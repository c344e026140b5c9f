// GET /api/admin/users?q=&status=&role=&plan=&sort=&dir=&page=&size= — users, sorted, filtered and paged on the server.
import { searchUsers } from "@/lib/admin/users";
import { otherMethods } from "@/lib/http/methods";
import { withAdmin } from "@/lib/http/wrappers";
import { UsersQuery } from "./schema";

export const dynamic = "force-dynamic";

export const GET = withAdmin({ query: UsersQuery }, async ({ query, db }) => searchUsers(db, query));

export const { HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ GET });
