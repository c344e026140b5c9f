// Admin changes to the feature flags (/admin/flags): set a flag's override on or off, or clear it
// (back to FEATURE_FLAGS or the default). Each change is audited with before/after in the same
// transaction, concurrent changes of different flags serialise on the settings row, and the flag
// cache is forgotten after the commit (other instances follow within FLAG_CACHE_MS).
import type { Actor } from "@/lib/admin/audit";
import { writeAudit } from "@/lib/admin/audit";
import type { DbClient } from "@/lib/db";
import type { FlagName } from "@/lib/feature-flags";
import type { FlagState } from "@/lib/settings/flags";
import { forgetFlags, readFlagOverrides, resolveFlags, writeFlagOverrides } from "@/lib/settings/flags";

/** `enabled`: true or false sets the override; null clears it. Answers the flag's new state. */
export async function setFlagAsAdmin(
  db: DbClient,
  actor: Actor,
  name: FlagName,
  enabled: boolean | null,
): Promise<FlagState> {
  const state = await db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('operator-setting:flags'))`;
    const overrides = await readFlagOverrides(tx);
    const before = resolveFlags(overrides).find((f) => f.name === name) as FlagState;
    const next = { ...overrides };
    if (enabled === null) delete next[name];
    else next[name] = enabled;
    await writeFlagOverrides(tx, next, actor.userId);
    const after = resolveFlags(next).find((f) => f.name === name) as FlagState;
    await writeAudit(tx, actor, {
      action: "settings.flag",
      targetType: "feature_flag",
      targetId: name,
      before: { override: before.override ?? null, effective: before.effective, source: before.source },
      after: { override: after.override ?? null, effective: after.effective, source: after.source },
    });
    return after;
  });
  forgetFlags();
  return state;
}
