// GET /api/notifications — my in-app notifications and unread count; POST — mark all read.

import { otherMethods } from "@/lib/http/methods";
import { withUser } from "@/lib/http/wrappers";
import { listNotifications, markAllRead } from "@/lib/notifications";

export const dynamic = "force-dynamic";

export const GET = withUser({}, async ({ principal, db }) => listNotifications(db, principal.userId));

export const POST = withUser({}, async ({ principal, db }) => ({
  marked: await markAllRead(db, principal.userId),
}));

export const { HEAD, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ GET, POST });
