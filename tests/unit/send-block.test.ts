// Send is off exactly when the estimate exceeds the balance or what today's cap leaves, with the
// actions that would unlock it.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { sendBlock } from "@/components/chat/send-block";

const user = { available: "1000", spentToday: "0", dailyPtCap: "20000", isGuest: false };

describe("sendBlock", () => {
  it("is null until both the estimate and the account are known, and when the message fits", () => {
    expect(sendBlock({ estimate: null, account: user, hasHistory: false })).toBeNull();
    expect(sendBlock({ estimate: "10", account: null, hasHistory: false })).toBeNull();
    expect(sendBlock({ estimate: "1000", account: user, hasHistory: true })).toBeNull();
  });

  it("blocks over the balance: a top-up for users, sign-up for guests, a new chat when there is history", () => {
    const block = sendBlock({ estimate: "1001", account: user, hasHistory: true });
    expect(block?.reason).toBe("This message needs up to 1,001 PT; you have 1,000 PT.");
    expect(block?.actions).toEqual([
      { label: "Start a new chat", newChat: true },
      { label: "Top up", href: "/billing#top-up" },
    ]);
    const guest = sendBlock({ estimate: "1001", account: { ...user, isGuest: true }, hasHistory: false });
    expect(guest?.actions).toEqual([{ label: "Sign up for more PT", href: "/sign-up" }]);
  });

  it("blocks over what today's cap leaves, linking the cap settings", () => {
    const block = sendBlock({
      estimate: "62",
      account: { ...user, spentToday: "0", dailyPtCap: "10" },
      hasHistory: false,
    });
    expect(block?.reason).toMatch(/needs up to 62 PT; today's cap leaves 10 PT/);
    expect(block?.actions).toEqual([{ label: "Daily cap settings", href: "/account/chat" }]);
  });

  it("blocks over what the monthly budget's hard stop leaves, linking the budget", () => {
    const account = { ...user, budgetLeftPt: "40" };
    expect(sendBlock({ estimate: "40", account, hasHistory: false })).toBeNull();
    const block = sendBlock({ estimate: "41", account, hasHistory: true });
    expect(block?.reason).toBe(
      "This message needs up to 41 PT; your monthly budget's hard stop leaves 40 PT.",
    );
    expect(block?.actions).toEqual([
      { label: "Start a new chat", newChat: true },
      { label: "Budget settings", href: "/account/chat#budget" },
    ]);
    expect(
      sendBlock({ estimate: "41", account: { ...user, budgetLeftPt: null }, hasHistory: false }),
    ).toBeNull();
  });

  it("blocks if and only if the estimate exceeds min(balance, cap left)", () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 1n, max: 10n ** 12n }),
        fc.bigInt({ min: 0n, max: 10n ** 12n }),
        fc.bigInt({ min: 0n, max: 10n ** 12n }),
        fc.bigInt({ min: 0n, max: 10n ** 12n }),
        (estimate, available, spent, cap) => {
          const account = {
            available: String(available),
            spentToday: String(spent),
            dailyPtCap: String(cap),
            isGuest: false,
          };
          const blocked = sendBlock({ estimate: String(estimate), account, hasHistory: false }) !== null;
          expect(blocked).toBe(estimate > available || estimate > cap - spent);
        },
      ),
    );
  });
});
