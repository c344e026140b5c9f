// Signature checks on the raw body, against headers made by the Stripe SDK's own test helper.
import Stripe from "stripe";
import { describe, expect, it } from "vitest";
import { signatureHeader, verifyWebhook } from "@/lib/billing/webhook-verify";
import { PREVIOUS_SECRET, signed, WEBHOOK_SECRET } from "@/tests/billing/helpers";

const event = {
  id: "evt_test_verify_1",
  object: "event",
  type: "invoice.paid",
  created: 1_790_000_000,
  livemode: false,
  data: { object: { id: "in_1", object: "invoice" } },
};
const now = () => Math.floor(Date.now() / 1000);

function code(fn: () => unknown): string | undefined {
  try {
    fn();
    return undefined;
  } catch (error) {
    return (error as { code?: string }).code;
  }
}

describe("verifyWebhook", () => {
  it("accepts a delivery signed by the SDK's test helper and returns the parsed event", () => {
    const { rawBody, signature } = signed(event);
    expect(verifyWebhook(rawBody, signature, [WEBHOOK_SECRET]).id).toBe("evt_test_verify_1");
  });

  it("agrees with the SDK's own constructEvent on the same header", () => {
    const { rawBody, signature } = signed(event);
    const sdk = new Stripe("sk_test_x");
    expect(sdk.webhooks.constructEvent(rawBody, signature, WEBHOOK_SECRET).id).toBe(event.id);
    expect(signatureHeader(rawBody, WEBHOOK_SECRET, 1234)).toMatch(/^t=1234,v1=[0-9a-f]{64}$/);
  });

  it("accepts the previous secret during rotation, and a header carrying several signatures", () => {
    const { rawBody, signature } = signed(event, { secret: PREVIOUS_SECRET });
    expect(verifyWebhook(rawBody, signature, [WEBHOOK_SECRET, PREVIOUS_SECRET]).id).toBe(event.id);
    expect(code(() => verifyWebhook(rawBody, signature, [WEBHOOK_SECRET]))).toBe("webhook_signature_invalid");
    const t = now();
    const both = `t=${t},v1=${"0".repeat(64)},v1=${signatureHeader(rawBody, WEBHOOK_SECRET, t).split("v1=")[1]}`;
    expect(verifyWebhook(rawBody, both, [WEBHOOK_SECRET]).id).toBe(event.id);
  });

  it("refuses forged bodies, wrong secrets, stale or future timestamps, missing and malformed headers", () => {
    const { rawBody, signature } = signed(event);
    const forged = rawBody.replace("invoice.paid", "charge.refunded");
    expect(code(() => verifyWebhook(forged, signature, [WEBHOOK_SECRET]))).toBe("webhook_signature_invalid");
    const wrong = signed(event, { secret: "whsec_someone_else_entirely_000000" });
    expect(code(() => verifyWebhook(wrong.rawBody, wrong.signature, [WEBHOOK_SECRET]))).toBe(
      "webhook_signature_invalid",
    );
    const stale = signed(event, { timestamp: now() - 301 });
    expect(code(() => verifyWebhook(stale.rawBody, stale.signature, [WEBHOOK_SECRET]))).toBe(
      "webhook_signature_invalid",
    );
    const justInTime = signed(event, { timestamp: now() - 290 });
    expect(verifyWebhook(justInTime.rawBody, justInTime.signature, [WEBHOOK_SECRET]).id).toBe(event.id);
    const future = signed(event, { timestamp: now() + 3600 });
    expect(code(() => verifyWebhook(future.rawBody, future.signature, [WEBHOOK_SECRET]))).toBe(
      "webhook_signature_invalid",
    );
    expect(code(() => verifyWebhook(rawBody, null, [WEBHOOK_SECRET]))).toBe("webhook_signature_invalid");
    expect(code(() => verifyWebhook(rawBody, "t=abc,v1=zz", [WEBHOOK_SECRET]))).toBe(
      "webhook_signature_invalid",
    );
    expect(code(() => verifyWebhook(rawBody, `t=${now()}`, [WEBHOOK_SECRET]))).toBe(
      "webhook_signature_invalid",
    );
  });

  it("parses only after the signature matched: signed garbage is invalid JSON, signed non-events are refused", () => {
    const garbage = "{not json";
    expect(
      code(() => verifyWebhook(garbage, signatureHeader(garbage, WEBHOOK_SECRET), [WEBHOOK_SECRET])),
    ).toBe("invalid_json");
    const notEvent = JSON.stringify({ id: "x", hello: "world" });
    expect(
      code(() => verifyWebhook(notEvent, signatureHeader(notEvent, WEBHOOK_SECRET), [WEBHOOK_SECRET])),
    ).toBe("bad_request");
    expect(code(() => verifyWebhook(garbage, "t=1,v1=00", [WEBHOOK_SECRET]))).toBe(
      "webhook_signature_invalid",
    );
  });
});
