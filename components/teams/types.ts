// The team page's data as the browser receives it (bigints and dates as strings).
import type { Wire } from "@/components/api-client";
import type { getTeam } from "@/lib/teams/teams";

export type TeamView = Wire<Awaited<ReturnType<typeof getTeam>>>;
export type MemberView = TeamView["members"][number];
export type InviteView = TeamView["invites"][number];

/** "12,345 PT", from a decimal string. */
export function pt(value: string | null | undefined): string {
  if (value === null || value === undefined) return "no cap";
  return `${value.replace(/\B(?=(\d{3})+(?!\d))/g, ",")} PT`;
}
