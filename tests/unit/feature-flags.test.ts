// FEATURE_FLAGS parsing (lib/feature-flags.ts through lib/env.ts) and the precedence of the three
// layers (lib/settings/flags.ts resolveFlags): admin override > FEATURE_FLAGS > default.
import { describe, expect, it } from "vitest";
import { EnvError, parseEnv } from "@/lib/env";
import { FLAG_NAMES, FLAGS, parseFlagList } from "@/lib/feature-flags";
import { parseFlagOverrides, resolveFlags } from "@/lib/settings/flags";

describe("FEATURE_FLAGS", () => {
  it("is empty when unset or blank, so every flag keeps its default", () => {
    expect(parseEnv({}).FEATURE_FLAGS).toEqual({});
    expect(parseEnv({ FEATURE_FLAGS: " " }).FEATURE_FLAGS).toEqual({});
  });

  it("parses name=on|off pairs, with the usual spellings and spaces", () => {
    expect(parseEnv({ FEATURE_FLAGS: "teams=off, public_api=on" }).FEATURE_FLAGS).toEqual({
      teams: false,
      public_api: true,
    });
    expect(parseFlagList("teams=0,public_api=TRUE,").values).toEqual({ teams: false, public_api: true });
    expect(parseFlagList("teams=no").values).toEqual({ teams: false });
  });

  it("stops startup naming FEATURE_FLAGS for an unknown name, a missing or bad value, or a repeat", () => {
    for (const bad of ["public-api=off", "teams", "teams=maybe", "teams=on,teams=off"]) {
      try {
        parseEnv({ FEATURE_FLAGS: bad });
        expect.unreachable(bad);
      } catch (error) {
        expect(error).toBeInstanceOf(EnvError);
        expect((error as EnvError).issues.map((i) => i.variable)).toEqual(["FEATURE_FLAGS"]);
      }
    }
    expect(parseFlagList("nope=on").problems[0]).toMatch(/unknown flag "nope" \(known: public_api, teams/);
  });
});

describe("flag precedence", () => {
  const state = (overrides: object, env: object, name = "teams") =>
    resolveFlags(parseFlagOverrides(overrides), env).find((f) => f.name === name);

  it("defaults to the table: public_api and teams ship on", () => {
    expect(FLAG_NAMES).toEqual(expect.arrayContaining(["public_api", "teams"]));
    expect(FLAGS.public_api.default).toBe(true);
    expect(FLAGS.teams.default).toBe(true);
    expect(state({}, {})).toMatchObject({ effective: true, source: "default" });
  });

  it("the environment wins over the default, the admin override over both", () => {
    expect(state({}, { teams: false })).toMatchObject({ effective: false, source: "env", env: false });
    expect(state({ teams: true }, { teams: false })).toMatchObject({
      effective: true,
      source: "admin",
      override: true,
      env: false,
      default: true,
    });
    expect(state({ teams: false }, {})).toMatchObject({ effective: false, source: "admin" });
  });

  it("ignores stored overrides of unknown flags and non-boolean values", () => {
    expect(parseFlagOverrides({ teams: "off", gone: false, public_api: false })).toEqual({
      public_api: false,
    });
    expect(parseFlagOverrides(null)).toEqual({});
  });
});
