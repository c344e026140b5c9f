// The client's address for per-IP limits and session records. A leaf module (env only), so auth
// and the route wrappers can both use it without importing each other.
import { env } from "@/lib/env";

/**
 * Each proxy appends the address it received the request from to X-Forwarded-For, so only the
 * last TRUSTED_PROXY_HOPS entries were written by our own proxies; anything to their left came
 * from the client and may be forged. With the default of one hop (one proxy in front: Vercel,
 * which also overwrites the header, or a single nginx) that is the last entry.
 */
export function clientIp(request: Request): string {
  const entries = (request.headers.get("x-forwarded-for") ?? "")
    .split(",")
    .map((entry) => entry.trim())
    .filter((entry) => entry !== "");
  const hops = env().TRUSTED_PROXY_HOPS;
  const ip = entries[Math.max(0, entries.length - hops)];
  return ip || request.headers.get("x-real-ip") || "127.0.0.1";
}
