// /v1 requires what chat requires: the key's owner has accepted the Terms and Privacy Policy in
// force (lib/legal). A key whose owner has not is refused with 403 legal_acceptance_required in
// OpenAI's error shape (permission_error), with the pending documents in `details`, before any hold.
// The check reads the same short per-user cache as chat, so the hot path pays a map lookup.
import type { ApiKeyPrincipal } from "@/lib/api/principal";
import type { Db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { pendingAcceptances } from "@/lib/legal/acceptances";

export async function assertOwnerAcceptedLegal(db: Db, principal: ApiKeyPrincipal): Promise<void> {
  const pending = await pendingAcceptances(db, principal.userId);
  if (pending.length === 0) return;
  throw new AppError(
    "legal_acceptance_required",
    `The account that owns this API key has not accepted the current ${pending.map((d) => d.title).join(" and ")}. Sign in to the app and accept them to use the API again.`,
    { documents: pending },
  );
}
