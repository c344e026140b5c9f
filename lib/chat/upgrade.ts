// What a caller who ran out of PT (or hit a locked model) can do next. Shown on the 402 screen;
// billing owns the pages these point at (/billing for top-ups and plans, /sign-up for guests).
import type { ChatAccess } from "@/lib/chat/limits";
import { ENTITLEMENTS, PLAN_IDS, tierRank } from "@/lib/entitlements";

export type UpgradeOption =
  | { kind: "sign_up"; label: string; href: string }
  | { kind: "top_up"; label: string; href: string }
  | { kind: "plan"; plan: string; label: string; monthlyAllowancePt: string; href: string };

export function upgradeOptions(access: Pick<ChatAccess, "isGuest" | "plan">): UpgradeOption[] {
  if (access.isGuest) {
    return [
      {
        kind: "sign_up",
        label: `Create a free account: ${ENTITLEMENTS.free.monthlyAllowancePt.toLocaleString("en-US")} PT every month`,
        href: "/sign-up",
      },
    ];
  }
  const options: UpgradeOption[] = [{ kind: "top_up", label: "Buy a PT top-up", href: "/billing#top-up" }];
  const current = tierRank(ENTITLEMENTS[access.plan].maxModelTier);
  for (const plan of PLAN_IDS) {
    const ent = ENTITLEMENTS[plan];
    if (tierRank(ent.maxModelTier) <= current) continue;
    options.push({
      kind: "plan",
      plan,
      label: `Upgrade to ${ent.name}`,
      monthlyAllowancePt: ent.monthlyAllowancePt.toString(),
      href: `/billing?plan=${plan}`,
    });
  }
  return options;
}
