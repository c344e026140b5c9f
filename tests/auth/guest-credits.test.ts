// Guests and the ledger: a guest gets its trial grant once; signing up moves what is left of it
// to the new user in one ledger transaction, and the books still balance.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { guestCookieName } from "@/lib/auth/config";
import { createGuest, resolveGuestFromCookie, signGuestId } from "@/lib/auth/guests";
import { signUp } from "@/lib/auth/sign-up";
import { env } from "@/lib/env";
import { getBalance } from "@/lib/ledger/accounts";
import { reserve } from "@/lib/ledger/holds";
import { checkLedgerInvariants } from "@/lib/ledger/invariants";
import { settle } from "@/lib/ledger/settle";
import { createTestDatabase, type TestDatabase, testBackends } from "@/tests/helpers/db";
import { installAppDb, setupAuthEnv, uniqueEmail } from "./helpers";

// Both backends: the guest transaction nests ledger calls, which must not need savepoints
// (the embedded PGlite adapter has none).
describe.each(testBackends())("guest trial PT on %s", (backend) => {
  let db: TestDatabase;

  beforeAll(async () => {
    setupAuthEnv();
    db = await createTestDatabase(backend);
    installAppDb(db.prisma);
  });
  afterAll(async () => db?.cleanup());

  it("grants the trial on creation and moves the remainder to the user at sign-up", async () => {
    const trial = env().GUEST_TRIAL_PT;
    expect(trial).toBeGreaterThan(1_000n);
    const { guestId } = await createGuest(db.prisma, { ip: "198.51.100.7" });
    const guest = { kind: "guest" as const, guestId };
    expect((await getBalance(db.prisma, guest)).available).toBe(trial);

    // The guest spends some of it.
    const hold = await reserve(db.prisma, {
      account: guest,
      amount: 1_000n,
      key: `t:${guestId}`,
      ttlSeconds: 60,
    });
    await settle(db.prisma, { holdId: hold.holdId, actual: 400n });
    expect((await getBalance(db.prisma, guest)).available).toBe(trial - 400n);
    // The cookie resolves to the guest (and the lookup is now cached for GUEST_CACHE_MS)...
    const cookie = `${guestCookieName()}=${signGuestId(guestId)}`;
    expect(await resolveGuestFromCookie(db.prisma, cookie)).toBe(guestId);

    const userId = await signUp(db.prisma, {
      email: uniqueEmail("trial"),
      password: "walnut harbour 77",
      guestId,
    });
    expect(userId).toBeTruthy();
    const user = { kind: "user" as const, userId: userId ?? "" };
    const after = await getBalance(db.prisma, user);
    expect(after.available).toBe(trial - 400n);
    expect(after.grants.map((g) => g.source)).toEqual(["trial"]);
    expect((await getBalance(db.prisma, guest)).available).toBe(0n);
    // ...and not after the conversion: converting forgets the cached guest at once.
    expect(await resolveGuestFromCookie(db.prisma, cookie)).toBeNull();

    // A second conversion attempt with the same guest moves nothing more.
    await signUp(db.prisma, { email: uniqueEmail("trial2"), password: "walnut harbour 78", guestId });
    expect((await getBalance(db.prisma, user)).available).toBe(trial - 400n);

    const kinds = await db.prisma.ledgerTransaction.groupBy({ by: ["kind"], _count: { _all: true } });
    expect(Object.fromEntries(kinds.map((k) => [k.kind, k._count._all]))).toMatchObject({
      grant: 1,
      usage: 1,
      transfer: 1,
    });
    expect(await checkLedgerInvariants(db.prisma)).toEqual([]);
  });
});
