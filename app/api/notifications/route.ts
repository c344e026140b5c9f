// GET /api/notifications — my in-app notifications and unread count; POST — mark all read.
import { getDb } from "@/lib/db";
import { withUser } from "@/lib/http/wrappers";
import { listNotifications, markAllRead } from "@/lib/notifications";

export const dynamic = "force-dynamic";

export const GET = withUser({}, async ({ principal }) => listNotifications(await getDb(), principal.userId));

export const POST = withUser({}, async ({ principal }) => ({
  marked: await markAllRead(await getDb(), principal.userId),
}));
