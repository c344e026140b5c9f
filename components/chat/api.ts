// Browser-side calls to the chat APIs and the shapes they answer (PT amounts arrive as strings).
import type { ConversationSummary as ConversationSummarySchema } from "@/app/api/conversations/schema";
import { requestJson, type WireOf } from "@/components/api-client";
export type ModelListing = {
  id: string;
  label: string;
  description: string;
  tier: string;
  paid: boolean;
  locked: boolean;
  unlockPlans?: string[];
  typicalMessagePt: string;
};

export type AccountSummary = {
  plan: string;
  isGuest: boolean;
  available: string;
  spentToday: string;
  dailyPtCap: string;
  planDailyPtCap: string;
  userDailyPtCap: string | null;
  /** What the monthly budget's hard stop still lets requests hold (null: none). */
  budgetLeftPt?: string | null;
  requestsPerMinute: number;
  maxOutputTokens: number;
  /** In a team workspace: the team, whose pool `available` is (dailyCapPt null: no cap). */
  team?: { id: string; name: string; dailyCapPt: string | null } | null;
};

export type ConversationSummary = WireOf<typeof ConversationSummarySchema>;

export type StoredMessage = {
  id: string;
  role: "user" | "assistant";
  content: string;
  /** The model that wrote a reply. */
  model: string | null;
  status: "streaming" | "complete" | "aborted" | "error";
  ptCharged: string | null;
};

export type UpgradeOption = { kind: "sign_up" | "top_up" | "plan"; label: string; href: string };

export type ApiErrorBody = {
  error: {
    code: string;
    message: string;
    details?: {
      needed?: string;
      available?: string;
      /** What the same message would hold in a new chat (only when the history is part of it). */
      newChatNeeded?: string;
      upgrade?: UpgradeOption[];
      reason?: string;
      retryAfter?: number;
    };
  };
};

/** The chat's JSON calls: the shared client (components/api-client.ts), throwing its ApiError. */
export const api = requestJson;

/** "1,240 PT" from a decimal string or bigint (grouping by hand: PT may exceed Number's range). */
export function formatPt(value: string | bigint): string {
  const s = typeof value === "bigint" ? value.toString() : value;
  const negative = s.startsWith("-");
  const digits = negative ? s.slice(1) : s;
  return `${negative ? "-" : ""}${digits.replace(/\B(?=(\d{3})+(?!\d))/g, ",")} PT`;
}
