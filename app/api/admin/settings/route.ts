// GET /api/admin/settings — the operator identity in force, its overrides and env defaults;
// POST — replaces the overrides (audited; pages, mail and legal documents follow within seconds).
import { setOperatorOverridesAsAdmin } from "@/lib/admin/settings";
import { otherMethods } from "@/lib/http/methods";
import { withAdmin } from "@/lib/http/wrappers";
import { envOperatorDefaults, getOperatorSettings, readOperatorOverrides } from "@/lib/settings/operator";
import { OperatorSettingsRequest } from "./schema";

export const dynamic = "force-dynamic";

export const GET = withAdmin({}, async ({ db }) => ({
  settings: await getOperatorSettings(db),
  overrides: await readOperatorOverrides(db),
  defaults: envOperatorDefaults(),
}));

export const POST = withAdmin(
  { body: OperatorSettingsRequest, maxBodyBytes: 8 * 1024 },
  async ({ body, principal, requestId, db }) => ({
    overrides: await setOperatorOverridesAsAdmin(db, { userId: principal.userId, requestId }, body),
  }),
);

export const { HEAD, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ GET, POST });
