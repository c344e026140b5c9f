// GET /api/admin/emails?status=&template=&sort=&dir=&page=&size= — the email outbox with each
// mail's attempt log, filtered, sorted and paged on the server.
import { listOutboxEmails } from "@/lib/email/outbox-admin";
import { otherMethods } from "@/lib/http/methods";
import { withAdmin } from "@/lib/http/wrappers";
import { EmailsQuery } from "./schema";

export const dynamic = "force-dynamic";

export const GET = withAdmin({ query: EmailsQuery }, async ({ query, db }) => listOutboxEmails(db, query));

export const { HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ GET });
