// The app's URL with no configuration is the one the server listens on (links in mail, checkout
// return URLs), and scripts/start.sh's server prints it together with the mailbox's.
import { afterEach, describe, expect, it } from "vitest";
import { publicOrigin } from "@/lib/app-url";
import { appOrigin, isLoopbackHost, parseEnv, resetEnvForTests } from "@/lib/env";
import { startupBanner } from "@/lib/observability/startup-banner";

const saved = { ...process.env };
function withEnv(vars: Record<string, string>) {
  for (const k of ["APP_URL", "NEXTAUTH_URL", "PORT", "HOST"]) delete process.env[k];
  Object.assign(process.env, vars);
  resetEnvForTests();
}
afterEach(() => {
  process.env = { ...saved };
  resetEnvForTests();
});

describe("appOrigin", () => {
  it("is the listening URL when nothing is configured", () => {
    expect(appOrigin(parseEnv({ PORT: "3205", HOST: "127.0.0.1" }))).toBe("http://127.0.0.1:3205");
    expect(appOrigin(parseEnv({ PORT: "4000" }))).toBe("http://localhost:4000");
    expect(appOrigin(parseEnv({ PORT: "4000", HOST: "0.0.0.0" }))).toBe("http://localhost:4000");
    expect(appOrigin(parseEnv({ PORT: "4000", HOST: "::1" }))).toBe("http://[::1]:4000");
    expect(appOrigin(parseEnv({}))).toBe("http://localhost:3000");
  });

  it("prefers APP_URL, then NEXTAUTH_URL, without a trailing slash", () => {
    expect(appOrigin(parseEnv({ APP_URL: "https://chat.example.com/", PORT: "3205" }))).toBe(
      "https://chat.example.com",
    );
    expect(appOrigin(parseEnv({ NEXTAUTH_URL: "https://auth.example.com" }))).toBe(
      "https://auth.example.com",
    );
  });

  it("knows loopback hosts", () => {
    for (const h of ["localhost", "127.0.0.1", "127.1.2.3", "::1", "[::1]", "app.localhost"])
      expect(isLoopbackHost(h)).toBe(true);
    for (const h of [undefined, "", "0.0.0.0", "10.0.0.1", "example.com", "localhost.example.com"])
      expect(isLoopbackHost(h)).toBe(false);
  });
});

describe("publicOrigin (Stripe return URLs)", () => {
  const request = (host: string) =>
    new Request("http://localhost:3000/api/billing/checkout", { headers: { host } });

  it("returns to the loopback name the browser used, so its cookies come back", () => {
    withEnv({ PORT: "3205", HOST: "127.0.0.1" });
    expect(publicOrigin(request("127.0.0.1:3205"))).toBe("http://127.0.0.1:3205");
    expect(publicOrigin(request("localhost:3205"))).toBe("http://localhost:3205");
  });

  it("ignores any other Host header", () => {
    withEnv({ PORT: "3205", HOST: "127.0.0.1" });
    expect(publicOrigin(request("evil.example.com:3205"))).toBe("http://127.0.0.1:3205");
    expect(publicOrigin(request("10.0.0.7:3205"))).toBe("http://127.0.0.1:3205");
  });

  it("uses APP_URL when it is set", () => {
    withEnv({ PORT: "3205", APP_URL: "https://chat.example.com" });
    expect(publicOrigin(request("localhost:3205"))).toBe("https://chat.example.com");
  });
});

describe("startupBanner", () => {
  it("prints the app's URL and, under start.sh's defaults, the mailbox's", () => {
    const banner = startupBanner(parseEnv({ NODE_ENV: "production", PORT: "3205", HOST: "127.0.0.1" }));
    expect(banner).toContain("http://127.0.0.1:3205\n");
    expect(banner).toContain("http://127.0.0.1:3205/dev/mail");
  });

  it("leaves the mailbox out when mail is delivered", () => {
    const banner = startupBanner(
      parseEnv({ NODE_ENV: "production", PORT: "3205", HOST: "127.0.0.1", SMTP_URL: "smtp://mail:25" }),
    );
    expect(banner).not.toContain("/dev/mail");
  });
});

describe("applyNextAuthUrlDefault", () => {
  it("gives next-auth the app's origin when NEXTAUTH_URL is unset or empty", async () => {
    const { applyNextAuthUrlDefault } = await import("@/lib/env");
    process.env.NEXTAUTH_URL = "";
    applyNextAuthUrlDefault(parseEnv({ PORT: "3205", HOST: "127.0.0.1" }));
    expect(process.env.NEXTAUTH_URL).toBe("http://127.0.0.1:3205");
    process.env.NEXTAUTH_URL = "https://auth.example.com";
    applyNextAuthUrlDefault(parseEnv({ PORT: "3205" }));
    expect(process.env.NEXTAUTH_URL).toBe("https://auth.example.com");
  });
});
