// The auth secret: required in a production deployment, otherwise generated once per data dir.
import { mkdtempSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { authSecret, MissingSecretError, resetAuthSecretForTests } from "@/lib/auth/secret";
import { resetEnvForTests } from "@/lib/env";

const saved = { ...process.env };

function withEnv(vars: Record<string, string | undefined>): void {
  for (const [k, v] of Object.entries(vars)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  resetEnvForTests();
  resetAuthSecretForTests();
}

afterEach(() => {
  process.env = { ...saved };
  resetEnvForTests();
  resetAuthSecretForTests();
});

describe("authSecret", () => {
  it("refuses a production deployment without NEXTAUTH_SECRET", () => {
    withEnv({
      NODE_ENV: "production",
      DATABASE_URL: "postgres://db.example/app",
      NEXTAUTH_SECRET: undefined,
    });
    expect(() => authSecret()).toThrow(MissingSecretError);
  });

  it("uses NEXTAUTH_SECRET when set", () => {
    withEnv({
      NODE_ENV: "production",
      DATABASE_URL: "postgres://db.example/app",
      NEXTAUTH_SECRET: "s".repeat(40),
    });
    expect(authSecret()).toBe("s".repeat(40));
  });

  it("generates a random secret once per data directory on the embedded defaults", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "lc-secret-"));
    withEnv({ NODE_ENV: "development", DATABASE_URL: undefined, NEXTAUTH_SECRET: undefined, DATA_DIR: dir });
    const first = authSecret();
    expect(first.length).toBeGreaterThanOrEqual(32);
    const file = path.join(dir, "dev-secret");
    expect(readFileSync(file, "utf8")).toBe(first);
    expect(statSync(file).mode & 0o077).toBe(0);
    resetAuthSecretForTests();
    expect(authSecret()).toBe(first);

    const other = mkdtempSync(path.join(tmpdir(), "lc-secret-"));
    withEnv({ DATA_DIR: other });
    expect(authSecret()).not.toBe(first);
  });
});
