import { otherMethods } from "@/lib/http/methods";
import { withPublic } from "@/lib/http/route";

export const dynamic = "force-dynamic";

/** Liveness: the process answers. No dependencies are touched. */
export const GET = withPublic({ rateLimit: false, db: false }, async () => ({ status: "ok" }));

export const { HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ GET });
