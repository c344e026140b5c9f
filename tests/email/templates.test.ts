// Templates: every one renders a subject, an HTML and a text part; interpolated data is escaped
// in HTML (never becomes markup) and kept verbatim in text; bad data throws.
import { describe, expect, it } from "vitest";
import { EMAIL_TEMPLATES, renderEmail } from "@/lib/email/render";
import type { EmailTemplate } from "@/lib/email/template-name";
import { escapeHtml } from "@/lib/email/templates/layout";

const EVIL = `<script>alert("x")</script><img src=x onerror=alert(1)>`;

const SAMPLES: Record<EmailTemplate, Record<string, unknown>> = {
  "verify-email": { url: "https://app.test/verify?token=abc", name: "Ada" },
  "password-reset": { url: "https://app.test/reset?token=abc", name: "Ada", expiresMinutes: 30 },
  "new-sign-in": {
    device: "Firefox on Linux",
    ip: "203.0.113.7",
    time: "2026-11-22T10:15:00.000Z",
    name: "Ada",
  },
  "two-factor-changed": { enabled: true, name: "Ada" },
  "account-locked": {
    unlockUrl: "https://app.test/unlock?token=abc",
    until: "2026-11-22T11:00:00.000Z",
    name: "Ada",
  },
  "dispute-resolved": {
    approved: false,
    item: "a chat reply",
    note: "Charged as shown.",
    url: "https://app.test/account/ledger",
    name: "Ada",
  },
  notice: {
    subject: "Reconciliation needs attention",
    paragraphs: ["Two errors were found.", "[error] missing_credit: pi_123"],
    actionUrl: "https://app.test/admin/reconciliation/1",
    actionLabel: "Open",
    name: "Ada",
  },
  "budget-alert": {
    threshold: 80,
    spentPt: "4123456",
    budgetPt: "5000000",
    month: "2026-12",
    hardStop: true,
    ptPerUsd: "100000",
    url: "https://app.test/account/chat#budget",
    name: "Ada",
  },
};

describe("renderEmail", () => {
  it("covers every template", () => {
    expect(EMAIL_TEMPLATES.sort()).toEqual(Object.keys(SAMPLES).sort());
  });

  it.each(Object.entries(SAMPLES))("%s renders subject, HTML and text with the data", (template, data) => {
    const mail = renderEmail(template as EmailTemplate, data);
    expect(mail.subject.length).toBeGreaterThan(5);
    expect(mail.html).toMatch(/^<!doctype html>/);
    expect(mail.html).toContain(`<title>${escapeHtml(mail.subject)}</title>`);
    expect(mail.html).toContain("Hi Ada,");
    expect(mail.text).toContain("Hi Ada,");
    expect(mail.text).not.toMatch(/<[a-z]/i);
    const url = (data.url ?? data.unlockUrl) as string | undefined;
    if (url) {
      expect(mail.html).toContain(`href="${url}"`);
      expect(mail.text).toContain(url);
    }
  });

  it("is pure: same input, same output", () => {
    const a = renderEmail("new-sign-in", SAMPLES["new-sign-in"]);
    expect(renderEmail("new-sign-in", SAMPLES["new-sign-in"])).toEqual(a);
    expect(a.text).toContain("2026-11-22 10:15 UTC");
  });

  it("escapes every interpolated value in HTML and keeps it verbatim in text", () => {
    const mail = renderEmail("new-sign-in", {
      device: EVIL,
      ip: `"'><b>`,
      time: "2026-11-22T10:15:00Z",
      name: EVIL,
    });
    expect(mail.html).not.toContain("<script");
    expect(mail.html).not.toContain("<img");
    expect(mail.html).not.toContain("<b>");
    expect(mail.html).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;");
    expect(mail.html).toContain("&quot;&#39;&gt;&lt;b&gt;");
    expect(mail.text).toContain(EVIL);
  });

  it("escapes URLs inside attributes so they cannot break out of href", () => {
    const url = `https://app.test/verify?t="><script>alert(1)</script>`;
    const mail = renderEmail("verify-email", { url });
    expect(mail.html).not.toContain("<script");
    expect(mail.html).toContain(`href="https://app.test/verify?t=&quot;&gt;&lt;script&gt;`);
  });

  it("rejects non-http links, missing fields and wrong types", () => {
    expect(() => renderEmail("verify-email", { url: "javascript:alert(1)" })).toThrow();
    expect(() =>
      renderEmail("account-locked", { unlockUrl: "data:text/html,hi", until: "2026-01-01" }),
    ).toThrow();
    expect(() => renderEmail("password-reset", { url: "https://app.test/r" })).toThrow();
    expect(() => renderEmail("two-factor-changed", { enabled: "yes" })).toThrow();
    expect(() => renderEmail("new-sign-in", { device: "d", ip: "i", time: "not a date" })).toThrow();
    expect(() => renderEmail("nope" as EmailTemplate, {})).toThrow(/Unknown email template/);
  });

  it("says on or off for two-factor changes and greets without a name", () => {
    expect(renderEmail("two-factor-changed", { enabled: true }).subject).toMatch(/on$/);
    const off = renderEmail("two-factor-changed", { enabled: false });
    expect(off.subject).toMatch(/off$/);
    expect(off.text.startsWith("Hi,")).toBe(true);
  });
});

describe("cosmetic fields", () => {
  it("trim, truncate and fall back instead of rejecting", () => {
    const mail = renderEmail("new-sign-in", {
      device: " ",
      ip: "1.1.1.1, ".repeat(50),
      time: "2026-11-22T10:15:00Z",
      name: null,
    });
    expect(mail.text).toContain("Device: Unknown device");
    const ipLine = mail.text.split("\n").find((l) => l.startsWith("IP address: "));
    expect(ipLine).toBe(`IP address: ${"1.1.1.1, ".repeat(12).slice(0, 100).trim()}`);
    expect(mail.text.startsWith("Hi,")).toBe(true);
    expect(renderEmail("verify-email", { url: "https://a.test/v", name: "   " }).text.startsWith("Hi,")).toBe(
      true,
    );
  });
});
