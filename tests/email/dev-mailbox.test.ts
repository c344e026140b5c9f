// Who sees /dev/mail, and the links the mailbox shows for e2e tests to click.
import { describe, expect, it } from "vitest";
import { DEV_MAIL_HTML_CSP, extractLinks, isDevMailboxEnabled, withCspMeta } from "@/lib/email/dev-mailbox";
import { emailProviderKind } from "@/lib/email/providers/select";
import { renderEmail } from "@/lib/email/render";

describe("isDevMailboxEnabled", () => {
  it.each([
    [{ NODE_ENV: "development" }, true],
    [{ NODE_ENV: "test" }, true],
    [{ NODE_ENV: "development", RESEND_API_KEY: "re_x" }, false],
    [{ NODE_ENV: "development", SMTP_URL: "smtp://127.0.0.1:25" }, false],
    // scripts/start.sh with no configuration: embedded database, no provider, loopback host.
    [{ NODE_ENV: "production", HOST: "127.0.0.1" }, true],
    [{ NODE_ENV: "production", HOST: "localhost" }, true],
    [{ NODE_ENV: "production", HOST: "::1" }, true],
    // Reachable from other machines, or a bare `next start` (0.0.0.0): only when asked for.
    [{ NODE_ENV: "production" }, false],
    [{ NODE_ENV: "production", HOST: "0.0.0.0" }, false],
    [{ NODE_ENV: "production", HOST: "0.0.0.0", EMAIL_DEV_MAILBOX: true }, true],
    [{ NODE_ENV: "production", HOST: "127.0.0.1", EMAIL_DEV_MAILBOX: false }, false],
    [{ NODE_ENV: "production", HOST: "127.0.0.1", DATABASE_URL: "postgres://db/app" }, false],
    [{ NODE_ENV: "production", HOST: "127.0.0.1", RESEND_API_KEY: "re_x" }, false],
    [{ NODE_ENV: "production", EMAIL_DEV_MAILBOX: true }, true],
    [{ NODE_ENV: "production", EMAIL_DEV_MAILBOX: true, DATABASE_URL: "postgres://db/app" }, false],
    [{ NODE_ENV: "production", EMAIL_DEV_MAILBOX: true, SMTP_URL: "smtp://127.0.0.1:25" }, false],
    [{ NODE_ENV: "development", DATABASE_URL: "postgres://db/app" }, true],
  ])("%o → %s", (env, expected) => {
    expect(isDevMailboxEnabled(env)).toBe(expected);
  });
});

describe("emailProviderKind", () => {
  it("prefers Resend, then SMTP, then the dev mailbox", () => {
    expect(emailProviderKind({ RESEND_API_KEY: "re_x", SMTP_URL: "smtp://h" })).toBe("resend");
    expect(emailProviderKind({ SMTP_URL: "smtp://h" })).toBe("smtp");
    expect(emailProviderKind({})).toBe("dev");
  });
});

describe("dev mailbox helpers", () => {
  it("extracts each http(s) link once, in order", () => {
    const text = "Verify: https://a.test/v?t=1\n\nAgain https://a.test/v?t=1 and http://b.test/x.";
    expect(extractLinks(text)).toEqual(["https://a.test/v?t=1", "http://b.test/x."]);
    expect(extractLinks("no links")).toEqual([]);
  });

  it("serves HTML mail with no scripts and no remote loads", () => {
    expect(DEV_MAIL_HTML_CSP).toContain("default-src 'none'");
    expect(DEV_MAIL_HTML_CSP).toContain("img-src data:");
    expect(DEV_MAIL_HTML_CSP).toMatch(/(^|; )sandbox/);
    expect(DEV_MAIL_HTML_CSP).not.toContain("script-src");
  });

  it("puts the strict policy in a <meta> first in <head>, since the proxy replaces the header", () => {
    const { html } = renderEmail("verify-email", { url: "https://a.test/v" });
    const served = withCspMeta(html);
    const meta = `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:;`;
    expect(served.indexOf(meta)).toBe(served.indexOf("<head>") + "<head>".length);
    expect(served.replace(/<meta http-equiv="Content-Security-Policy"[^>]*>/, "")).toBe(html);
    expect(withCspMeta("<p>bare</p>")).toMatch(
      /^<!doctype html><html><head><meta http-equiv="Content-Security-Policy"[^>]*><\/head><body><p>bare<\/p>/,
    );
  });
});
