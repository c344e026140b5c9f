// The OpenAPI 3.1 document of the public API, generated from the same zod schemas the routes
// validate with (zod 4's own JSON Schema output, which is OpenAPI 3.1's schema dialect): the /v1
// endpoints (API key) and the key management routes (session). tests/api/openapi.test.ts fails
// when a route under those paths has no entry.
import { z } from "zod";
import {
  ApiKeyListResponse,
  ApiKeyResponse,
  CreateApiKeyRequest,
  CreateApiKeyResponse,
  UpdateApiKeyRequest,
} from "@/app/api/account/api-keys/schema";
import { ChatCompletionRequest } from "@/app/v1/chat/completions/schema";
import { UsageQuery } from "@/app/v1/usage/schema";

const schema = (s: z.ZodType, io: "input" | "output") => {
  const { $schema: _drop, ...rest } = z.toJSONSchema(s, { io, unrepresentable: "any" }) as Record<
    string,
    unknown
  >;
  return rest;
};

const OpenAiError = {
  type: "object",
  required: ["error"],
  properties: {
    error: {
      type: "object",
      required: ["message", "type", "code"],
      properties: {
        message: { type: "string" },
        type: { type: "string" },
        code: { type: ["string", "null"] },
        param: { type: ["string", "null"] },
      },
    },
  },
} as const;

const AppErrorBody = {
  type: "object",
  properties: {
    error: { type: "object", properties: { code: { type: "string" }, message: { type: "string" } } },
  },
} as const;

const errors = (codes: Record<number, string>, body: object) =>
  Object.fromEntries(
    Object.entries(codes).map(([status, description]) => [
      status,
      { description, content: { "application/json": { schema: body } } },
    ]),
  );

const V1_ERRORS = {
  400: "validation_failed: the body does not match the schema; nothing is held",
  401: "invalid_api_key: missing, unknown, revoked or expired key",
  402: "insufficient_quota: the balance or the key's budget cannot cover the hold",
  403: "insufficient_scope, account_frozen or email_unverified",
  404: "model_not_found",
  429: "rate_limit_exceeded (with Retry-After)",
  503: "upstream_error: the provider failed before any output",
};
const SESSION_ERRORS = {
  401: "not signed in",
  404: "no such key (or another user's)",
  422: "validation_failed",
};

const json = (s: object) => ({ content: { "application/json": { schema: s } } });

export function openApiDocument() {
  const usageQuery = schema(UsageQuery, "input") as { properties: Record<string, object> };
  return {
    openapi: "3.1.0",
    info: {
      title: "Ledgerchat API",
      version: "1.0.0",
      description:
        "OpenAI-compatible endpoints metered in PT with an exact ledger hold, and API key management. Changelog: 1.0.0 — first release: /v1/chat/completions, /v1/models, /v1/usage, API keys.",
    },
    components: {
      securitySchemes: {
        apiKey: { type: "http", scheme: "bearer", description: "An API key: lc_live_… or lc_test_…" },
        session: { type: "apiKey", in: "cookie", name: "next-auth.session-token" },
      },
      schemas: { OpenAiError, AppError: AppErrorBody },
    },
    paths: {
      "/v1/chat/completions": {
        post: {
          summary: "Create a chat completion (streaming with stream: true)",
          security: [{ apiKey: [] }],
          requestBody: { required: true, ...json(schema(ChatCompletionRequest, "input")) },
          responses: {
            200: {
              description:
                "chat.completion JSON, or a text/event-stream of chat.completion.chunk; both carry usage and ledgerchat.pt_charged",
              headers: {
                RateLimit: { schema: { type: "string" } },
                "RateLimit-Policy": { schema: { type: "string" } },
              },
            },
            ...errors(V1_ERRORS, OpenAiError),
          },
        },
      },
      "/v1/models": {
        get: {
          summary: "The models this key may use, with PT prices",
          security: [{ apiKey: [] }],
          responses: {
            200: { description: "OpenAI's model list" },
            ...errors({ 401: V1_ERRORS[401], 429: V1_ERRORS[429] }, OpenAiError),
          },
        },
      },
      "/v1/usage": {
        get: {
          summary: "The key's and the account's PT spend over a UTC month, by day and model",
          security: [{ apiKey: [] }],
          parameters: Object.entries(usageQuery.properties).map(([name, s]) => ({
            name,
            in: "query",
            schema: s,
          })),
          responses: {
            200: { description: "usage" },
            ...errors({ 401: V1_ERRORS[401], 403: V1_ERRORS[403] }, OpenAiError),
          },
        },
      },
      "/api/account/api-keys": {
        get: {
          summary: "List your API keys (never their secrets)",
          security: [{ session: [] }],
          responses: {
            200: { description: "keys", ...json(schema(ApiKeyListResponse, "output")) },
            ...errors({ 401: SESSION_ERRORS[401] }, AppErrorBody),
          },
        },
        post: {
          summary: "Create an API key; the secret is in this answer only",
          security: [{ session: [] }],
          requestBody: { required: true, ...json(schema(CreateApiKeyRequest, "input")) },
          responses: {
            201: { description: "created", ...json(schema(CreateApiKeyResponse, "output")) },
            ...errors(SESSION_ERRORS, AppErrorBody),
          },
        },
      },
      "/api/account/api-keys/{id}": {
        parameters: [{ name: "id", in: "path", required: true, schema: { type: "string", format: "uuid" } }],
        patch: {
          summary: "Edit a key's name and limits",
          security: [{ session: [] }],
          requestBody: { required: true, ...json(schema(UpdateApiKeyRequest, "input")) },
          responses: {
            200: { description: "the key", ...json(schema(ApiKeyResponse, "output")) },
            ...errors(SESSION_ERRORS, AppErrorBody),
          },
        },
        delete: {
          summary: "Revoke a key: the next request with it is refused",
          security: [{ session: [] }],
          responses: {
            200: { description: "the revoked key", ...json(schema(ApiKeyResponse, "output")) },
            ...errors(SESSION_ERRORS, AppErrorBody),
          },
        },
      },
    },
  };
}
