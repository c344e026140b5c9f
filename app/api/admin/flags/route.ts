// GET /api/admin/flags — every feature flag with its default, FEATURE_FLAGS value, admin override
// and the value in force; POST { name, enabled: true | false | null } — sets or clears the admin
// override (audited; every server follows within ten seconds).
import { setFlagAsAdmin } from "@/lib/admin/flags";
import { otherMethods } from "@/lib/http/methods";
import { withAdmin } from "@/lib/http/wrappers";
import { flagStates } from "@/lib/settings/flags";
import { FlagChangeRequest, FlagChangeResponse, FlagListResponse } from "./schema";

export const dynamic = "force-dynamic";

export const GET = withAdmin({}, async ({ db }) => FlagListResponse.parse({ flags: await flagStates(db) }));

export const POST = withAdmin(
  { body: FlagChangeRequest, maxBodyBytes: 1024 },
  async ({ body, principal, requestId, db }) =>
    FlagChangeResponse.parse({
      flag: await setFlagAsAdmin(db, { userId: principal.userId, requestId }, body.name, body.enabled),
    }),
);

export const { HEAD, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ GET, POST });
