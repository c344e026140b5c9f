// The feature flags: one typed table, defaults in code. A flag's value in force is decided by
// lib/settings/flags.ts with this precedence: an admin override (/admin/flags, stored and audited)
// over the FEATURE_FLAGS environment variable over the default here. Core (no imports) so that
// lib/env.ts can refuse an unknown name in FEATURE_FLAGS at startup.

export type FlagDefinition = {
  /** What turning it off does, as the admin page shows it. */
  description: string;
  /** Its value when neither the environment nor an admin says otherwise. */
  default: boolean;
  /** Who answers for it (the area of the code that reads it). */
  owner: string;
};

export const FLAGS = {
  public_api: {
    description:
      "The public API: /v1/* (OpenAI-compatible), API keys (/account/api-keys and its JSON routes), the " +
      "reference at /docs/api and /api/openapi.json. Off: /v1 answers OpenAI's 404 and the pages are hidden.",
    default: true,
    owner: "lib/api",
  },
  teams: {
    description:
      "Team workspaces: shared balances, members and per-member caps. Off: the team pages and routes are " +
      "hidden and every request pays from the personal account.",
    default: true,
    owner: "lib/teams",
  },
} as const satisfies Record<string, FlagDefinition>;

export type FlagName = keyof typeof FLAGS;
export const FLAG_NAMES = Object.keys(FLAGS) as FlagName[];

/** A partial map of flag values (an override layer: env or admin). */
export type FlagValues = Partial<Record<FlagName, boolean>>;

export function isFlagName(value: unknown): value is FlagName {
  return typeof value === "string" && Object.hasOwn(FLAGS, value);
}

const ON = new Set(["on", "1", "true", "yes"]);
const OFF = new Set(["off", "0", "false", "no"]);

/**
 * Parses FEATURE_FLAGS ("teams=off,public_api=on"): comma-separated name=value pairs, value
 * on/off (or 1/0, true/false, yes/no). Returns the values, or the problems (unknown name, bad
 * value, a name given twice) to report at startup.
 */
export function parseFlagList(text: string): { values: FlagValues; problems: string[] } {
  const values: FlagValues = {};
  const problems: string[] = [];
  for (const raw of text.split(",")) {
    const item = raw.trim();
    if (item === "") continue;
    const eq = item.indexOf("=");
    const name = (eq === -1 ? item : item.slice(0, eq)).trim();
    const value =
      eq === -1
        ? ""
        : item
            .slice(eq + 1)
            .trim()
            .toLowerCase();
    if (!isFlagName(name)) {
      problems.push(`unknown flag "${name}" (known: ${FLAG_NAMES.join(", ")})`);
      continue;
    }
    if (name in values) problems.push(`flag "${name}" is given twice`);
    if (ON.has(value)) values[name] = true;
    else if (OFF.has(value)) values[name] = false;
    else problems.push(`flag "${name}" needs =on or =off`);
  }
  return { values, problems };
}
