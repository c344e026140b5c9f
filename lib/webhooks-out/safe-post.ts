// POSTs a webhook without letting its URL reach the inside of our network (SSRF). Each hop's host
// is resolved once, every address is checked, and the connection is pinned to a checked address
// (so DNS rebinding between check and connect cannot redirect it). Redirects are followed by hand,
// each hop checked again. Connect and total timeouts; the response is read up to a size cap.
import { lookup as dnsLookup } from "node:dns/promises";
import http from "node:http";
import https from "node:https";
import { isIP } from "node:net";
import { isAllowedAddress } from "./address-policy";

export type SafePostOptions = {
  allowLoopback: boolean;
  connectTimeoutMs?: number;
  totalTimeoutMs?: number;
  maxResponseBytes?: number;
  maxRedirects?: number;
  /** Tests only: a resolver in place of the system's. */
  resolve?: (host: string) => Promise<string[]>;
};

export type SafePostResult =
  | { ok: true; status: number; body: string; durationMs: number }
  | { ok: false; status: number | null; body: string; durationMs: number; error: string };

export class BlockedTargetError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "BlockedTargetError";
  }
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

async function systemResolve(host: string): Promise<string[]> {
  const found = await dnsLookup(host, { all: true, verbatim: true });
  return found.map((a) => a.address);
}

/** Refuses a URL that is not http(s), carries credentials, or resolves to any forbidden address. */
export async function checkTarget(
  raw: string | URL,
  options: Pick<SafePostOptions, "allowLoopback" | "resolve">,
): Promise<{ url: URL; address: string }> {
  const url = new URL(raw);
  if (url.protocol !== "http:" && url.protocol !== "https:")
    throw new BlockedTargetError("only http and https URLs are allowed");
  if (url.username || url.password) throw new BlockedTargetError("URLs with credentials are not allowed");
  const host = url.hostname.replace(/^\[|\]$/g, "");
  const addresses = isIP(host) ? [host] : await (options.resolve ?? systemResolve)(host);
  if (addresses.length === 0) throw new BlockedTargetError(`${host} does not resolve`);
  // Every address must pass: a name that also resolves inside is refused, whichever is picked.
  for (const address of addresses) {
    if (!isAllowedAddress(address, options.allowLoopback))
      throw new BlockedTargetError(`${host} resolves to a private or reserved address`);
  }
  return { url, address: addresses[0] as string };
}

type HopResult = { status: number; location: string | null; body: string };

function postOnce(
  target: { url: URL; address: string },
  body: string,
  headers: Record<string, string>,
  limits: { connectTimeoutMs: number; deadline: number; maxResponseBytes: number },
): Promise<HopResult> {
  return new Promise((resolve, reject) => {
    const mod = target.url.protocol === "https:" ? https : http;
    const family = isIP(target.address);
    const req = mod.request(target.url, {
      method: "POST",
      headers: { ...headers, "content-type": "application/json", "content-length": Buffer.byteLength(body) },
      // Pinned to the checked address; TLS still verifies the certificate against the host name.
      lookup: (_host, opts, cb) => {
        if ((opts as { all?: boolean }).all) cb(null, [{ address: target.address, family }]);
        else (cb as (e: null, a: string, f: number) => void)(null, target.address, family);
      },
      agent: false,
    });
    const remaining = limits.deadline - Date.now();
    const total = setTimeout(() => req.destroy(new Error("timed out")), Math.max(0, remaining));
    const connect = setTimeout(() => req.destroy(new Error("connect timed out")), limits.connectTimeoutMs);
    req.on("socket", (socket) => {
      socket.once(target.url.protocol === "https:" ? "secureConnect" : "connect", () =>
        clearTimeout(connect),
      );
    });
    req.on("error", (error) => {
      clearTimeout(total);
      clearTimeout(connect);
      reject(error);
    });
    req.on("response", (res) => {
      clearTimeout(connect);
      const chunks: Buffer[] = [];
      let size = 0;
      const finish = () => {
        clearTimeout(total);
        resolve({
          status: res.statusCode ?? 0,
          location: typeof res.headers.location === "string" ? res.headers.location : null,
          body: Buffer.concat(chunks).toString("utf8"),
        });
      };
      res.on("data", (chunk: Buffer) => {
        const room = limits.maxResponseBytes - size;
        if (room > 0) chunks.push(chunk.subarray(0, room));
        size += chunk.length;
        // Past the cap: keep what we have and hang up rather than read a large or endless body.
        if (size >= limits.maxResponseBytes) {
          res.destroy();
          finish();
        }
      });
      res.on("end", finish);
      res.on("error", (error) => {
        clearTimeout(total);
        reject(error);
      });
    });
    req.end(body);
  });
}

export async function safePost(
  rawUrl: string,
  body: string,
  headers: Record<string, string>,
  options: SafePostOptions,
): Promise<SafePostResult> {
  const started = Date.now();
  const limits = {
    connectTimeoutMs: options.connectTimeoutMs ?? 3_000,
    deadline: started + (options.totalTimeoutMs ?? 10_000),
    maxResponseBytes: options.maxResponseBytes ?? 64 * 1024,
  };
  const maxRedirects = options.maxRedirects ?? 3;
  let url: string | URL = rawUrl;
  let lastStatus: number | null = null;
  try {
    for (let hop = 0; ; hop++) {
      const target = await checkTarget(url, options);
      const res = await postOnce(target, body, headers, limits);
      lastStatus = res.status;
      if (REDIRECTS.has(res.status) && res.location) {
        if (hop >= maxRedirects) throw new Error("too many redirects");
        url = new URL(res.location, target.url);
        continue;
      }
      const durationMs = Date.now() - started;
      if (res.status >= 200 && res.status < 300)
        return { ok: true, status: res.status, body: res.body, durationMs };
      return { ok: false, status: res.status, body: res.body, durationMs, error: `HTTP ${res.status}` };
    }
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, status: lastStatus, body: "", durationMs: Date.now() - started, error: message };
  }
}
