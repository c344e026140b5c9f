// Who a request acts as: the shapes lib/auth/principal.ts resolves. A leaf file, so modules that
// only need the types (chat's owner, the wrappers) do not import the resolver and its dependencies.

export type UserPrincipal = {
  kind: "user";
  userId: string;
  role: "USER" | "ADMIN";
  status: "active" | "frozen" | "deleted";
  twoFactorEnabled: boolean;
  emailVerified: boolean;
  /** The Session row this request is authenticated by (always set by resolveUser). */
  sessionId?: string;
};

export type GuestPrincipal = { kind: "guest"; guestId: string; userId?: undefined };

export type Principal = UserPrincipal | GuestPrincipal;
