// The webhook endpoint routes, once for both owners: /api/account/webhooks (a user's own events,
// withUser) and /api/admin/webhooks-out (operator endpoints, withAdmin). Each route file binds
// one wrapper and owner; ownership is in every service query, so another owner's id is 404.
import type { UserPrincipal } from "@/lib/auth/principal-types";
import { otherMethods } from "@/lib/http/methods";
import { json } from "@/lib/http/respond";
import type { withUser } from "@/lib/http/wrappers";
import { listDeliveries, retryDelivery, sendTestEvent } from "@/lib/webhooks-out/deliveries";
import {
  createEndpoint,
  deleteEndpoint,
  listEndpoints,
  type Owner,
  rotateSecret,
  updateEndpoint,
} from "@/lib/webhooks-out/endpoints";
import {
  CreateEndpointRequest,
  DeliveryListResponse,
  DeliveryResponse,
  EndpointListResponse,
  EndpointParams,
  EndpointResponse,
  EndpointSecretResponse,
  UpdateEndpointRequest,
} from "./schema";

type Wrap = typeof withUser;
type OwnerOf = (principal: UserPrincipal) => Owner;
export const userOwner: OwnerOf = (p) => ({ userId: p.userId });
export const operatorOwner: OwnerOf = () => ({ userId: null });
const actorOf = (p: UserPrincipal, requestId: string) => ({ userId: p.userId, requestId });

/** GET list, POST create (the secret answered once). */
export function collectionRoutes(wrap: Wrap, ownerOf: OwnerOf) {
  const GET = wrap({}, async ({ principal, db }) =>
    EndpointListResponse.parse({ endpoints: await listEndpoints(db, ownerOf(principal)) }),
  );
  const POST = wrap({ body: CreateEndpointRequest }, async ({ principal, body, db, requestId }) =>
    json(
      EndpointSecretResponse.parse(
        await createEndpoint(db, actorOf(principal, requestId), ownerOf(principal), body),
      ),
      { status: 201 },
    ),
  );
  return { GET, POST, ...otherMethods({ GET, POST }) };
}

/** PATCH (url, events, description, enabled), DELETE. */
export function endpointRoutes(wrap: Wrap, ownerOf: OwnerOf) {
  const PATCH = wrap(
    { body: UpdateEndpointRequest, params: EndpointParams },
    async ({ principal, body, params, db, requestId }) =>
      EndpointResponse.parse({
        endpoint: await updateEndpoint(
          db,
          actorOf(principal, requestId),
          ownerOf(principal),
          params.id,
          body,
        ),
      }),
  );
  const DELETE = wrap({ params: EndpointParams }, async ({ principal, params, db, requestId }) => {
    await deleteEndpoint(db, actorOf(principal, requestId), ownerOf(principal), params.id);
    return new Response(null, { status: 204 });
  });
  return { PATCH, DELETE, ...otherMethods({ PATCH, DELETE }) };
}

/** POST: a new secret (answered once); the old one keeps signing for a day. */
export function rotateRoutes(wrap: Wrap, ownerOf: OwnerOf) {
  const POST = wrap({ params: EndpointParams }, async ({ principal, params, db, requestId }) =>
    EndpointSecretResponse.parse(
      await rotateSecret(db, actorOf(principal, requestId), ownerOf(principal), params.id),
    ),
  );
  return { POST, ...otherMethods({ POST }) };
}

/** POST: send a webhook.test event now and answer its delivery with the attempt logged. */
export function testEventRoutes(wrap: Wrap, ownerOf: OwnerOf) {
  const POST = wrap({ params: EndpointParams }, async ({ principal, params, db }) =>
    DeliveryResponse.parse({ delivery: await sendTestEvent(db, ownerOf(principal), params.id) }),
  );
  return { POST, ...otherMethods({ POST }) };
}

/** GET: the endpoint's latest deliveries, each with every attempt. */
export function deliveryListRoutes(wrap: Wrap, ownerOf: OwnerOf) {
  const GET = wrap({ params: EndpointParams }, async ({ principal, params, db }) =>
    DeliveryListResponse.parse({ deliveries: await listDeliveries(db, ownerOf(principal), params.id) }),
  );
  return { GET, ...otherMethods({ GET }) };
}

/** POST: send a failed or dead delivery again, now. */
export function retryRoutes(wrap: Wrap, ownerOf: OwnerOf) {
  const POST = wrap({ params: EndpointParams }, async ({ principal, params, db }) =>
    DeliveryResponse.parse({ delivery: await retryDelivery(db, ownerOf(principal), params.id) }),
  );
  return { POST, ...otherMethods({ POST }) };
}
