// The API's part of the hold sweep (lib/ledger/holds sweepExpiredHolds, `alongside`): a /v1 request
// whose process died never settles, so when the sweeper expires its hold, the key's reservation for
// that hold is released and the request is marked expired, in the sweep's own statement. Exactly
// once: only holds this statement moved from open to expired are read (`h`), and a settle, which
// releases the reservation itself, only ever closes an open hold.
import { Prisma } from "@/lib/generated/prisma/client";

/** API holds are keyed `api:<request id>` (admit.ts); the request row is found by its primary key. */
export const apiHoldExpirySql = Prisma.sql`
  api_expired AS (
    SELECT r.id, r."keyId", h.amount
    FROM h JOIN "ApiRequest" r
      ON r.id = (CASE WHEN h.key ~ '^api:[0-9a-f-]{36}$' THEN substr(h.key, 5)::uuid END)
     AND r."holdId" = h.id
    WHERE EXISTS (SELECT 1 FROM acct)),
  api_requests_expired AS (
    UPDATE "ApiRequest" r SET status = 'expired', "ptCharged" = 0, "settledAt" = (SELECT t FROM clock)
    FROM api_expired x WHERE r.id = x.id AND r.status = 'streaming'),
  api_keys_released AS (
    UPDATE "ApiKey" k SET "reservedPt" = k."reservedPt" - x.pt
    FROM (SELECT "keyId", sum(amount)::bigint AS pt FROM api_expired GROUP BY "keyId") x
    WHERE k.id = x."keyId")`;
