// The public origin for Stripe return URLs and test-mode delivery: APP_URL when set, otherwise the
// origin this request reached (local and embedded runs).
import { env } from "@/lib/env";

export function publicOrigin(request: Request): string {
  return env().APP_URL?.replace(/\/+$/, "") ?? new URL(request.url).origin;
}
