// POST /api/disputes { itemType, itemId, reason, detail? } — dispute one of my charges (another
// user's item is 404; one open dispute per item → 409). GET /api/disputes — my disputes.
import { createDispute, listMyDisputes } from "@/lib/disputes/create-dispute";
import { otherMethods } from "@/lib/http/methods";
import { withUser } from "@/lib/http/wrappers";
import { CreateDisputeRequest, DisputeView } from "./schema";

export const dynamic = "force-dynamic";

export const POST = withUser(
  { body: CreateDisputeRequest, maxBodyBytes: 8 * 1024 },
  async ({ principal, body, db }) => {
    const dispute = await createDispute(db, { userId: principal.userId, ...body });
    return Response.json(DisputeView.parse(view(dispute)), { status: 201 });
  },
);

export const GET = withUser({}, async ({ principal, db }) => ({
  items: (await listMyDisputes(db, principal.userId)).map((d) => DisputeView.parse(view(d))),
}));

function view(d: Awaited<ReturnType<typeof listMyDisputes>>[number]) {
  return {
    id: d.id,
    itemType: d.itemType,
    itemId: d.itemId,
    reason: d.reason,
    detail: d.detail,
    status: d.status,
    amountPt: d.amountPt?.toString() ?? null,
    resolutionNote: d.resolutionNote,
    createdAt: d.createdAt.toISOString(),
    resolvedAt: d.resolvedAt?.toISOString() ?? null,
  };
}

export const { HEAD, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ GET, POST });
