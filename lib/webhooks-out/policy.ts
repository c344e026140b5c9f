// Retry timing and the loopback switch, pure.
import { appOrigin, type Env, env, isLoopbackHost } from "@/lib/env";

const BACKOFF_BASE_MS = 30_000;
const BACKOFF_CAP_MS = 12 * 60 * 60_000;

/** The ceiling of the delay after failure number `attempt` (1-based): 30 s · 2^(attempt−1), capped at 12 h. */
export function backoffCeilingMs(attempt: number): number {
  return Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, attempt - 1));
}

/** "Full jitter": uniformly random in [0, ceiling), so retrying senders never move in step. */
export function retryDelayMs(attempt: number, random: () => number = Math.random): number {
  return Math.floor(backoffCeilingMs(attempt) * random());
}

/** Whether webhook URLs may reach loopback: explicit env, else only when the app itself is on loopback. */
export function allowLoopbackTargets(
  e: Pick<Env, "OUTGOING_WEBHOOK_ALLOW_LOOPBACK" | "APP_URL" | "NEXTAUTH_URL" | "PORT" | "HOST"> = env(),
): boolean {
  if (e.OUTGOING_WEBHOOK_ALLOW_LOOPBACK !== undefined) return e.OUTGOING_WEBHOOK_ALLOW_LOOPBACK;
  return isLoopbackHost(new URL(appOrigin(e)).hostname.replace(/^\[|\]$/g, ""));
}
