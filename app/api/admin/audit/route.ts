// GET /api/admin/audit?actorId=&action=&targetId=&sort=&dir=&page=&size= — the audit log (newest first by default).
import { listAudit } from "@/lib/admin/audit";
import { otherMethods } from "@/lib/http/methods";
import { withAdmin } from "@/lib/http/wrappers";
import { AuditQuery } from "./schema";

export const dynamic = "force-dynamic";

export const GET = withAdmin({ query: AuditQuery }, async ({ query, db }) => listAudit(db, query));

export const { HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ GET });
