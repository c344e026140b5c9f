import { AuditListQuery } from "@/lib/admin/audit";

// The list query lives with the service (the page validates its searchParams with it too).
export const AuditQuery = AuditListQuery;
