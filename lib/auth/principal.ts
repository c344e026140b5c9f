// Who is making a request. Until the accounts issue lands there is no session yet, so
// resolveUser answers null and withUser refuses everyone with 401 (fail closed).
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

export async function resolveGuest(_request: Request): Promise<GuestPrincipal | null> {
  return null;
}
