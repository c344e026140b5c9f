import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { EnvError, parseEnv } from "@/lib/env";

/** Every variable .env.example lists, as a copied .env.example would set it: empty. */
function emptyExampleVariables(): Record<string, string> {
  const text = readFileSync(new URL("../../.env.example", import.meta.url), "utf8");
  const names = [...text.matchAll(/^([A-Z][A-Z0-9_]*)=/gm)].map((m) => m[1] as string);
  return Object.fromEntries(names.map((n) => [n, ""]));
}

describe("parseEnv", () => {
  it("runs on embedded defaults with no variables at all", () => {
    const env = parseEnv({});
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.DATA_DIR).toBe(".data");
    expect(env.PT_PER_USD).toBe(100_000);
    expect(env.NODE_ENV).toBe("development");
  });

  it("treats empty strings as unset", () => {
    const env = parseEnv({ DATABASE_URL: "", UPSTASH_REDIS_REST_URL: "", UPSTASH_REDIS_REST_TOKEN: "" });
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.UPSTASH_REDIS_REST_URL).toBeUndefined();
  });

  it("treats every variable of .env.example left empty as unset (same result as no variables)", () => {
    const empty = emptyExampleVariables();
    expect(Object.keys(empty)).toContain("EMAIL_FROM");
    expect(parseEnv(empty)).toEqual(parseEnv({}));
    // Blank (whitespace) is empty too.
    expect(parseEnv({ EMAIL_FROM: "  ", PORT: " ", GUEST_TRIAL_PT: " " })).toEqual(parseEnv({}));
  });

  it("accepts a Postgres URL and coerces numbers", () => {
    const env = parseEnv({ DATABASE_URL: "postgresql://u:p@db:5432/app", PT_PER_USD: "50000" });
    expect(env.DATABASE_URL).toBe("postgresql://u:p@db:5432/app");
    expect(env.PT_PER_USD).toBe(50_000);
  });

  it("names the bad variable in the error", () => {
    expect(() => parseEnv({ DATABASE_URL: "mysql://x" })).toThrow(/DATABASE_URL/);
    try {
      parseEnv({ PT_PER_USD: "1.5", LOG_LEVEL: "loud" });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(EnvError);
      const vars = (error as EnvError).issues.map((i) => i.variable).sort();
      expect(vars).toEqual(["LOG_LEVEL", "PT_PER_USD"]);
    }
  });

  it("requires the Upstash URL and token together", () => {
    expect(() => parseEnv({ UPSTASH_REDIS_REST_URL: "https://example.upstash.io" })).toThrow(
      /UPSTASH_REDIS_REST_TOKEN/,
    );
    expect(() => parseEnv({ UPSTASH_REDIS_REST_TOKEN: "t" })).toThrow(/UPSTASH_REDIS_REST_URL/);
  });

  it("refuses short secrets", () => {
    expect(() => parseEnv({ CRON_SECRET: "short" })).toThrow(/CRON_SECRET/);
    expect(() => parseEnv({ NEXTAUTH_SECRET: "x".repeat(10) })).toThrow(/NEXTAUTH_SECRET/);
  });
});
