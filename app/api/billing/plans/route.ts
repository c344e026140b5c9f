// GET /api/billing/plans — the public catalog: plans, top-up packs, prices, what each unlocks.
import { catalog } from "@/lib/billing/catalog";
import { otherMethods } from "@/lib/http/methods";
import { withPublic } from "@/lib/http/route";
import { PlansResponse } from "./schema";

export const dynamic = "force-dynamic";

export const GET = withPublic({ db: false }, async () => PlansResponse.parse(catalog()));

export const { HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ GET });
