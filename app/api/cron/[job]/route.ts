// Cron triggers: GET (what Vercel cron sends) or POST, Authorization: Bearer ${CRON_SECRET}.

import { otherMethods } from "@/lib/http/methods";
import { cronRouteHandler } from "./handler";

export const dynamic = "force-dynamic";
export const maxDuration = 300;

const handler = cronRouteHandler();
export const GET = handler;
export const POST = handler;

export const { HEAD, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ GET, POST });
