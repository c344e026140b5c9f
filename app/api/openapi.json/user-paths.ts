// The user-facing JSON API in the OpenAPI document: PT (balance, statement, usage exports,
// estimates), conversations and the API request records, from the routes' own schemas.
import { ApiRequestsQuery, ApiRequestsResponse } from "@/app/api/account/api-requests/schema";
import {
  ConversationResponse,
  RenameConversationRequest,
  RenameConversationResponse,
} from "@/app/api/conversations/[id]/schema";
import { ListConversationsQuery, ListConversationsResponse } from "@/app/api/conversations/schema";
import { AppErrorBody, errors, json, queryParameters, schema } from "@/app/api/openapi.json/helpers";
import { BalanceResponse } from "@/app/api/pt/balance/schema";
import { EstimateRequest, EstimateResponse } from "@/app/api/pt/estimate/schema";
import { LedgerQuery, LedgerResponse } from "@/app/api/pt/ledger/schema";
import { LedgerCsvQuery } from "@/app/api/pt/ledger.csv/schema";
import { UsageCsvQuery } from "@/app/api/pt/usage.csv/schema";

const session = [{ session: [] }];
const csv = (description: string) => ({
  description,
  content: { "text/csv": { schema: { type: "string" } } },
});

export function userPaths(e: { 401: string; 404: string; 422: string }) {
  const notSignedIn = errors({ 401: e[401] }, AppErrorBody);
  const withQuery = errors({ 401: e[401], 422: e[422] }, AppErrorBody);
  return {
    "/api/pt/balance": {
      get: {
        tags: ["PT"],
        summary: "Your PT balance: available, posted, pending (held), debt and grants",
        security: session,
        responses: {
          200: { description: "balance", ...json(schema(BalanceResponse, "output")) },
          ...notSignedIn,
        },
      },
    },
    "/api/pt/estimate": {
      post: {
        tags: ["PT"],
        summary: "Worst-case PT of a chat request (prompt tokens + max output tokens); guests too",
        security: session,
        requestBody: {
          required: true,
          content: {
            "application/json": {
              schema: schema(EstimateRequest, "input"),
              example: {
                model: "demo",
                messages: [{ role: "user", content: "Hello" }],
                maxOutputTokens: 200,
              },
            },
          },
        },
        responses: {
          200: { description: "estimate", ...json(schema(EstimateResponse, "output")) },
          ...errors({ 404: "unknown or unpriced model", 422: e[422] }, AppErrorBody),
        },
      },
    },
    "/api/pt/ledger": {
      get: {
        tags: ["PT"],
        summary: "Your PT statement, newest first, by cursor",
        security: session,
        parameters: queryParameters(LedgerQuery),
        responses: {
          200: { description: "entries", ...json(schema(LedgerResponse, "output")) },
          ...withQuery,
        },
      },
    },
    "/api/pt/ledger.csv": {
      get: {
        tags: ["PT"],
        summary: "Your whole PT statement as CSV (RFC 4180)",
        security: session,
        parameters: queryParameters(LedgerCsvQuery),
        responses: { 200: csv("pt-ledger.csv"), ...notSignedIn },
      },
    },
    "/api/pt/usage.csv": {
      get: {
        tags: ["PT"],
        summary: "Your usage per UTC day and model as CSV (one month, or this month and the last)",
        security: session,
        parameters: queryParameters(UsageCsvQuery),
        responses: { 200: csv("pt-usage.csv"), ...withQuery },
      },
    },
    "/api/conversations": {
      get: {
        tags: ["Conversations"],
        summary: "Your conversations, newest first, with title search and a cursor",
        security: session,
        parameters: queryParameters(ListConversationsQuery),
        responses: {
          200: { description: "conversations", ...json(schema(ListConversationsResponse, "output")) },
          ...withQuery,
        },
      },
    },
    "/api/conversations/{id}": {
      parameters: [{ name: "id", in: "path", required: true, schema: { type: "string", format: "uuid" } }],
      get: {
        tags: ["Conversations"],
        summary: "A conversation with its messages (tokens and PT charged per reply)",
        security: session,
        responses: {
          200: { description: "conversation", ...json(schema(ConversationResponse, "output")) },
          ...errors({ 401: e[401], 404: e[404] }, AppErrorBody),
        },
      },
      patch: {
        tags: ["Conversations"],
        summary: "Rename a conversation",
        security: session,
        requestBody: { required: true, ...json(schema(RenameConversationRequest, "input")) },
        responses: {
          200: { description: "renamed", ...json(schema(RenameConversationResponse, "output")) },
          ...errors(e, AppErrorBody),
        },
      },
      delete: {
        tags: ["Conversations"],
        summary: "Delete a conversation (its charges stay in the ledger)",
        security: session,
        responses: { 204: { description: "deleted" }, ...errors({ 401: e[401], 404: e[404] }, AppErrorBody) },
      },
    },
    "/api/account/api-requests": {
      get: {
        tags: ["API keys"],
        summary: "Your API request records: key, model, tokens, PT charged, status, duration; paged",
        security: session,
        parameters: queryParameters(ApiRequestsQuery),
        responses: {
          200: { description: "a page of requests", ...json(schema(ApiRequestsResponse, "output")) },
          ...withQuery,
        },
      },
    },
  };
}
