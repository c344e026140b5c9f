// The metadata a chat stream carries to the browser (shared by server and client: no server
// imports). PT amounts are decimal strings: they are BigInt on the server and JSON has no BigInt.
import type { UIMessage } from "ai";

export type ChatMessageMetadata = {
  conversationId?: string;
  model?: string;
  /** The worst case held for this reply (start part). */
  ptReserved?: string;
  /** Requests left in the current minute (start part), for the "rate limit near" warning. */
  rateLimitRemaining?: number;
  rateLimitLimit?: number;
  /** Final part: what this reply cost, and what the account has left after it. */
  ptCharged?: string;
  ptAvailable?: string;
  inputTokens?: number;
  outputTokens?: number;
  status?: "complete" | "aborted" | "error";
};

export type ChatUIMessage = UIMessage<ChatMessageMetadata>;
