// The operator's identity as mail shows it, read at send (or display) time: a renamed product or
// a new legal address applies to mail already queued.
import type { Db } from "@/lib/db";
import { env } from "@/lib/env";
import { fromHeader, getOperatorSettings } from "@/lib/settings/operator";
import type { EmailBrand } from "./templates/layout";

export async function mailBrand(db: Db): Promise<{ brand: EmailBrand; from: string }> {
  const operator = await getOperatorSettings(db);
  return {
    brand: {
      productName: operator.productName,
      legalEntity: operator.legalEntity,
      legalAddress: operator.legalAddress,
      vatId: operator.vatId,
      supportEmail: operator.supportEmail,
    },
    from: fromHeader(operator.productName, env().EMAIL_FROM),
  };
}
