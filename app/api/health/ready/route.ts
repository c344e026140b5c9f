import { checkReadiness } from "@/lib/health";
import { otherMethods } from "@/lib/http/methods";
import { json } from "@/lib/http/respond";
import { withPublic } from "@/lib/http/route";

export const dynamic = "force-dynamic";

/** Readiness: 200 when the database answers, 503 otherwise, with each check's state. Its own
 * ping has a timeout, so the wrapper does not open the database (db: false). */
export const GET = withPublic({ rateLimit: false, db: false }, async () => {
  const report = await checkReadiness();
  return json(report, { status: report.status === "ok" ? 200 : 503 });
});

export const { HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ GET });
