// Sentry privacy: events keep the user id only; cookies, bodies, query strings and most headers
// go; the CSP allows the ingest host only when a browser DSN is configured.

import type { ErrorEvent } from "@sentry/nextjs";
import { describe, expect, it } from "vitest";
import { contentSecurityPolicy, sentryIngestOrigin } from "@/lib/http/security-headers";
import { captureServerError, scrubEvent, sentryEnabled, sentryOptions } from "@/lib/observability/sentry";

describe("sentry", () => {
  it("scrubs an event down to the user id and safe request fields", () => {
    const event = {
      type: undefined,
      user: { id: "u-1", email: "a@example.com", ip_address: "1.2.3.4", username: "alice" },
      request: {
        url: "https://app.example/api/chat?token=secret#frag",
        method: "POST",
        cookies: { session: "s" },
        data: { prompt: "my secrets" },
        query_string: "token=secret",
        env: { REMOTE_ADDR: "1.2.3.4" },
        headers: {
          Authorization: "Bearer x",
          Cookie: "s=1",
          "User-Agent": "UA",
          "x-request-id": "req-12345678",
        },
      },
      extra: { body: "x" },
      breadcrumbs: [
        { category: "fetch", data: { url: "https://api.example/v1?key=abc", method: "GET" } },
        { category: "console", message: "user typed: hello" },
      ],
    } as unknown as ErrorEvent;
    const out = scrubEvent(event);
    expect(out.user).toEqual({ id: "u-1" });
    expect(out.request).toEqual({
      url: "https://app.example/api/chat",
      method: "POST",
      headers: { "User-Agent": "UA", "x-request-id": "req-12345678" },
    });
    expect(out.extra).toBeUndefined();
    expect(out.breadcrumbs?.[0]?.data?.url).toBe("https://api.example/v1");
    expect(out.breadcrumbs?.[1]?.message).toBeUndefined();
    expect(scrubEvent({ type: undefined, user: { email: "x@y.z" } } as ErrorEvent).user).toBeUndefined();
  });

  it("configures the SDK without tracing or default data collection", () => {
    const options = sentryOptions("https://k@o1.ingest.sentry.io/1", "production") as Record<string, unknown>;
    expect(options).toMatchObject({
      dsn: "https://k@o1.ingest.sentry.io/1",
      environment: "production",
      tracesSampleRate: 0,
      dataCollection: { userInfo: false, cookies: false, httpBodies: [], urlQueryParams: false },
    });
  });

  it("is a no-op when not initialized", () => {
    expect(sentryEnabled()).toBe(false);
    expect(() => captureServerError(new Error("x"), { requestId: "r" })).not.toThrow();
  });

  it("allows the Sentry ingest origin in connect-src only when configured", () => {
    expect(sentryIngestOrigin("https://key@o123.ingest.us.sentry.io/456")).toBe(
      "https://o123.ingest.us.sentry.io",
    );
    expect(sentryIngestOrigin(undefined)).toBeUndefined();
    expect(sentryIngestOrigin("not a url")).toBeUndefined();
    const plain = contentSecurityPolicy("n", false);
    expect(plain).toContain("connect-src 'self';");
    const withSentry = contentSecurityPolicy("n", false, ["https://o123.ingest.us.sentry.io"]);
    expect(withSentry).toContain("connect-src 'self' https://o123.ingest.us.sentry.io;");
  });
});
