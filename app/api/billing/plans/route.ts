// GET /api/billing/plans — the public catalog: plans, top-up packs, prices, what each unlocks.
import { catalog } from "@/lib/billing/catalog";
import { standardTypicalMessage } from "@/lib/chat/models";
import { otherMethods } from "@/lib/http/methods";
import { withPublic } from "@/lib/http/route";
import { PlansResponse } from "./schema";

export const dynamic = "force-dynamic";

export const GET = withPublic({}, async ({ db }) => {
  const typical = await standardTypicalMessage(db);
  return PlansResponse.parse(catalog(undefined, typical?.pt));
});

export const { HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ GET });
