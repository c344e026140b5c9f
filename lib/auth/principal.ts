// Who is making a request. Until the accounts issue lands there is no session yet, so
// resolveUser answers null and withUser refuses everyone with 401 (fail closed). resolveGuest
// accepts the chat branch's temporary stand-in guest cookie only when CHAT_STANDIN_GUESTS=1.
import { readStandinGuest } from "@/lib/auth/standin-guest";

export type UserPrincipal = {
  kind: "user";
  userId: string;
  role: "USER" | "ADMIN";
  status: "active" | "frozen" | "deleted";
  twoFactorEnabled: boolean;
  emailVerified: boolean;
};

export type GuestPrincipal = { kind: "guest"; guestId: string; userId?: undefined };

export async function resolveUser(_request: Request): Promise<UserPrincipal | null> {
  return null;
}

export async function resolveGuest(request: Request): Promise<GuestPrincipal | null> {
  const guestId = readStandinGuest(request.headers.get("cookie"));
  return guestId ? { kind: "guest", guestId } : null;
}
