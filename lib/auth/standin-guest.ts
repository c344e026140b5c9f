// TEMPORARY stand-in for the accounts branch's guests (delete when issue-accounts merges: its
// lib/auth/guests.ts, POST /api/guest and onGuestCreated replace all of this). Enabled only with
// CHAT_STANDIN_GUESTS=1. A guest is a random id in an HMAC-signed cookie (per-process key), and
// gets a one-time trial grant keyed `trial:<guestId>`, the key the accounts contract uses.
import { createHmac, randomBytes, randomUUID, timingSafeEqual } from "node:crypto";
import { getDb } from "@/lib/db";
import { env } from "@/lib/env";
import { grantCredits } from "@/lib/ledger/grants";

export const STANDIN_GUEST_COOKIE = "lc_standin_guest";
export const STANDIN_TRIAL_PT = 5_000n;

const key = randomBytes(32);
const sign = (guestId: string) => createHmac("sha256", key).update(guestId).digest("base64url");

export function standinGuestsEnabled(): boolean {
  return env().CHAT_STANDIN_GUESTS;
}

export function readStandinGuest(cookieHeader: string | null): string | null {
  if (!standinGuestsEnabled() || !cookieHeader) return null;
  const raw = cookieHeader
    .split(";")
    .map((c) => c.trim())
    .find((c) => c.startsWith(`${STANDIN_GUEST_COOKIE}=`))
    ?.slice(STANDIN_GUEST_COOKIE.length + 1);
  const [guestId, mac] = (raw ?? "").split(".");
  if (!guestId || !mac || !/^[0-9a-f-]{36}$/.test(guestId)) return null;
  const expected = Buffer.from(sign(guestId));
  const given = Buffer.from(mac);
  return expected.length === given.length && timingSafeEqual(expected, given) ? guestId : null;
}

export async function createStandinGuest(): Promise<{ guestId: string; cookie: string }> {
  const guestId = randomUUID();
  await grantCredits(await getDb(), {
    account: { kind: "guest", guestId },
    amount: STANDIN_TRIAL_PT,
    source: "trial",
    key: `trial:${guestId}`,
  });
  const cookie = `${STANDIN_GUEST_COOKIE}=${guestId}.${sign(guestId)}; Path=/; HttpOnly; SameSite=Lax; Max-Age=2592000`;
  return { guestId, cookie };
}
