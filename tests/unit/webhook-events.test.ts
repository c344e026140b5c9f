// The settings pages offer only the event types the app emits: nobody subscribes to silence.
import { describe, expect, it } from "vitest";
import {
  NOT_YET_EMITTED,
  offeredEventTypes,
  USER_EVENT_TYPES,
  WEBHOOK_EVENT_TYPES,
} from "@/lib/webhooks-out/events";

describe("offered webhook event types", () => {
  it("leave out the declared but not yet emitted ones, and keep every other", () => {
    for (const types of [USER_EVENT_TYPES, WEBHOOK_EVENT_TYPES]) {
      const offered = offeredEventTypes(types);
      expect(offered.some((t) => NOT_YET_EMITTED.includes(t))).toBe(false);
      expect(offered).toHaveLength(types.length - NOT_YET_EMITTED.length);
    }
  });

  it("offer balance.low (emitted by the settlement since the low-balance alert)", () => {
    expect(offeredEventTypes(USER_EVENT_TYPES)).toContain("balance.low");
  });
});
