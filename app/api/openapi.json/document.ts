// The OpenAPI 3.1 document of the public API, generated from the same zod schemas the routes
// validate with (zod 4's own JSON Schema output, which is OpenAPI 3.1's schema dialect): the /v1
// endpoints (API key), the key management routes and the user-facing JSON API (session;
// user-paths.ts). tests/api/openapi.test.ts fails when a public route has no entry or a schema
// differs from the route's. The interactive reference at /docs/api renders this document.
import {
  ApiKeyListResponse,
  ApiKeyResponse,
  CreateApiKeyRequest,
  CreateApiKeyResponse,
  UpdateApiKeyRequest,
} from "@/app/api/account/api-keys/schema";
import {
  AppErrorBody,
  errors,
  json,
  OpenAiError,
  queryParameters,
  schema,
} from "@/app/api/openapi.json/helpers";
import { userPaths } from "@/app/api/openapi.json/user-paths";
import {
  ChatCompletionChunk,
  ChatCompletionRequest,
  ChatCompletionResponse,
} from "@/app/v1/chat/completions/schema";
import { ModelListResponse } from "@/app/v1/models/schema";
import { UsageQuery, UsageResponse } from "@/app/v1/usage/schema";
import { API_CHANGELOG, API_INTRO } from "@/lib/api/reference-intro";

export const V1_ERRORS = {
  400: "validation_failed: the body does not match the schema; nothing is held",
  401: "invalid_api_key: missing, unknown, revoked or expired key",
  402: "insufficient_quota: the balance or the key's budget cannot cover the hold",
  403: "permission_error: insufficient_scope, account_frozen, email_unverified, or legal_acceptance_required (the key's owner has not accepted the Terms or Privacy Policy in force; details.documents lists them)",
  404: "model_not_found",
  429: "rate_limit_exceeded: the key's requests per minute or concurrent requests, or the account's daily PT cap (with Retry-After)",
  503: "upstream_error: the provider failed before any output",
};
export const SESSION_ERRORS = {
  401: "not signed in",
  404: "not found (or another user's)",
  422: "validation_failed: the input does not match the schema; nothing changed",
};

const RATE_HEADERS = {
  RateLimit: { description: "limit, remaining and reset of the key's window", schema: { type: "string" } },
  "RateLimit-Policy": { description: "the key's requests per minute", schema: { type: "string" } },
  "x-ledgerchat-request-id": { schema: { type: "string", format: "uuid" } },
  "x-ledgerchat-pt-reserved": { description: "the hold placed for this request", schema: { type: "string" } },
};

const COMPLETION_EXAMPLE = {
  model: "demo",
  messages: [
    { role: "system", content: "Be brief." },
    { role: "user", content: "What is a ledger hold?" },
  ],
  max_tokens: 200,
};

const COMPLETION_ANSWER = {
  id: "chatcmpl-5b0c1f2e-8d7a-4c11-9a1e-2f3b4c5d6e7f",
  object: "chat.completion",
  created: 1796000000,
  model: "demo",
  choices: [
    {
      index: 0,
      message: { role: "assistant", content: "A reservation of PT placed before the reply." },
      finish_reason: "stop",
      logprobs: null,
    },
  ],
  usage: { prompt_tokens: 21, completion_tokens: 11, total_tokens: 32 },
  ledgerchat: { pt_reserved: "412", pt_charged: "43", pt_available: "99957" },
};

export function openApiDocument() {
  return {
    openapi: "3.1.0",
    info: {
      title: "Ledgerchat API",
      version: "1.3.0",
      description: `${API_INTRO}\n\n${API_CHANGELOG}`,
    },
    servers: [{ url: "/", description: "this deployment" }],
    components: {
      securitySchemes: {
        apiKey: {
          type: "http",
          scheme: "bearer",
          description: "An API key from /account/api-keys: `Authorization: Bearer lc_live_…` (or lc_test_…).",
        },
        session: {
          type: "apiKey",
          in: "cookie",
          name: "next-auth.session-token",
          description: "The browser session of a signed-in user (same-origin requests only).",
        },
      },
      schemas: { OpenAiError, AppError: AppErrorBody },
    },
    tags: [
      { name: "OpenAI-compatible", description: "API key; errors in OpenAI's shape." },
      { name: "API keys", description: "Session; manage the keys and read their request records." },
      { name: "PT", description: "Session; the balance, statement, usage and estimates." },
      { name: "Conversations", description: "Session (or guest); the chat history." },
    ],
    paths: {
      "/v1/chat/completions": {
        post: {
          tags: ["OpenAI-compatible"],
          summary: "Create a chat completion (streaming with stream: true)",
          description:
            "Holds the worst case (prompt + max tokens) before the model runs and settles the exact charge once, on finish, client abort or provider error. With `stream: true` the answer is a text/event-stream of `chat.completion.chunk` events ending with `data: [DONE]`; `stream_options.include_usage` adds a last chunk with `usage` and `ledgerchat`.",
          security: [{ apiKey: [] }],
          requestBody: {
            required: true,
            content: {
              "application/json": {
                schema: schema(ChatCompletionRequest, "input"),
                example: COMPLETION_EXAMPLE,
              },
            },
          },
          responses: {
            200: {
              description: "chat.completion (JSON) or a stream of chat.completion.chunk (text/event-stream)",
              headers: RATE_HEADERS,
              content: {
                "application/json": {
                  schema: schema(ChatCompletionResponse, "output"),
                  example: COMPLETION_ANSWER,
                },
                "text/event-stream": { schema: schema(ChatCompletionChunk, "output") },
              },
            },
            ...errors(V1_ERRORS, OpenAiError),
          },
        },
      },
      "/v1/models": {
        get: {
          tags: ["OpenAI-compatible"],
          summary: "The models this key may use, with PT prices",
          security: [{ apiKey: [] }],
          responses: {
            200: {
              description: "OpenAI's model list",
              headers: RATE_HEADERS,
              ...json(schema(ModelListResponse, "output")),
            },
            ...errors({ 401: V1_ERRORS[401], 429: V1_ERRORS[429] }, OpenAiError),
          },
        },
      },
      "/v1/usage": {
        get: {
          tags: ["OpenAI-compatible"],
          summary: "The key's and the account's PT spend over a UTC month, by day and model",
          description: "Needs the `usage:read` scope.",
          security: [{ apiKey: [] }],
          parameters: queryParameters(UsageQuery),
          responses: {
            200: { description: "usage", headers: RATE_HEADERS, ...json(schema(UsageResponse, "output")) },
            ...errors(
              { 401: V1_ERRORS[401], 403: "insufficient_scope: the key lacks usage:read" },
              OpenAiError,
            ),
          },
        },
      },
      "/api/account/api-keys": {
        get: {
          tags: ["API keys"],
          summary: "List your API keys (never their secrets)",
          security: [{ session: [] }],
          responses: {
            200: { description: "keys", ...json(schema(ApiKeyListResponse, "output")) },
            ...errors({ 401: SESSION_ERRORS[401] }, AppErrorBody),
          },
        },
        post: {
          tags: ["API keys"],
          summary: "Create an API key; the secret is in this answer only",
          security: [{ session: [] }],
          requestBody: {
            required: true,
            content: {
              "application/json": {
                schema: schema(CreateApiKeyRequest, "input"),
                example: { name: "CI bot", scopes: ["chat"], budgetPt: "50000", requestsPerMinute: 10 },
              },
            },
          },
          responses: {
            201: { description: "created", ...json(schema(CreateApiKeyResponse, "output")) },
            ...errors(SESSION_ERRORS, AppErrorBody),
          },
        },
      },
      "/api/account/api-keys/{id}": {
        parameters: [{ name: "id", in: "path", required: true, schema: { type: "string", format: "uuid" } }],
        patch: {
          tags: ["API keys"],
          summary: "Edit a key's name, limits and request-body logging",
          security: [{ session: [] }],
          requestBody: { required: true, ...json(schema(UpdateApiKeyRequest, "input")) },
          responses: {
            200: { description: "the key", ...json(schema(ApiKeyResponse, "output")) },
            ...errors(SESSION_ERRORS, AppErrorBody),
          },
        },
        delete: {
          tags: ["API keys"],
          summary: "Revoke a key: the next request with it is refused",
          security: [{ session: [] }],
          responses: {
            200: { description: "the revoked key", ...json(schema(ApiKeyResponse, "output")) },
            ...errors(SESSION_ERRORS, AppErrorBody),
          },
        },
      },
      ...userPaths(SESSION_ERRORS),
    },
  };
}
