// The OpenAPI document covers every public API route: each method a route file under app/v1,
// app/api/account/api-keys, app/api/account/api-requests, app/api/pt and app/api/conversations
// implements has an entry, and the request and response schemas are the routes' own.
import { readdirSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { CreateApiKeyRequest } from "@/app/api/account/api-keys/schema";
import { ApiRequestsResponse } from "@/app/api/account/api-requests/schema";
import { ConversationResponse } from "@/app/api/conversations/[id]/schema";
import { ListConversationsResponse } from "@/app/api/conversations/schema";
import { openApiDocument } from "@/app/api/openapi.json/document";
import { BalanceResponse } from "@/app/api/pt/balance/schema";
import {
  ChatCompletionChunk,
  ChatCompletionRequest,
  ChatCompletionResponse,
} from "@/app/v1/chat/completions/schema";
import { ModelListResponse } from "@/app/v1/models/schema";
import { UsageResponse } from "@/app/v1/usage/schema";
import { HTTP_METHODS, isMethodFallback } from "@/lib/http/methods";

function routeFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return routeFiles(full);
    return name === "route.ts" ? [full] : [];
  });
}

function openApiPath(file: string): string {
  const rel = path.relative(path.resolve("app"), path.dirname(file));
  return `/${rel
    .split(path.sep)
    .map((s) => s.replace(/^\[(\w+)\]$/, "{$1}"))
    .join("/")}`;
}

describe("OpenAPI document", () => {
  const doc = openApiDocument() as unknown as {
    openapi: string;
    paths: Record<string, Record<string, unknown>>;
  };

  it("is OpenAPI 3.1 and has an entry for every implemented method of every public route", async () => {
    expect(doc.openapi).toBe("3.1.0");
    const files = [
      ...routeFiles(path.resolve("app/v1")),
      ...routeFiles(path.resolve("app/api/account/api-keys")),
      ...routeFiles(path.resolve("app/api/account/api-requests")),
      ...routeFiles(path.resolve("app/api/pt")),
      ...routeFiles(path.resolve("app/api/conversations")),
    ].filter((f) => !f.includes("[..."));
    expect(files.length).toBeGreaterThanOrEqual(13);
    for (const file of files) {
      const mod = (await import(file)) as Record<string, unknown>;
      const p = openApiPath(file);
      for (const method of HTTP_METHODS) {
        if (method === "HEAD" || method === "OPTIONS" || !(method in mod) || isMethodFallback(mod[method]))
          continue;
        expect(doc.paths[p]?.[method.toLowerCase()], `${method} ${p}`).toBeDefined();
      }
    }
  });

  it("uses the routes' own schemas, so a schema change shows in the document", () => {
    const post = doc.paths["/v1/chat/completions"]?.post as {
      requestBody: { content: { "application/json": { schema: unknown } } };
    };
    const { $schema: _a, ...chat } = z.toJSONSchema(ChatCompletionRequest, {
      io: "input",
      unrepresentable: "any",
    });
    expect(post.requestBody.content["application/json"].schema).toEqual(chat);
    const create = doc.paths["/api/account/api-keys"]?.post as typeof post;
    const { $schema: _b, ...key } = z.toJSONSchema(CreateApiKeyRequest, {
      io: "input",
      unrepresentable: "any",
    });
    expect(create.requestBody.content["application/json"].schema).toEqual(key);
  });

  it("describes responses with the routes' own schemas, for /v1 and the user-facing API", () => {
    const out = (s: z.ZodType) => {
      const { $schema: _drop, ...rest } = z.toJSONSchema(s, { io: "output", unrepresentable: "any" });
      return rest;
    };
    type Op = { responses: Record<string, { content?: Record<string, { schema: unknown }> }> };
    const ok = (p: string, method: string, type = "application/json") =>
      (doc.paths[p]?.[method] as Op | undefined)?.responses["200"]?.content?.[type]?.schema;
    expect(ok("/v1/chat/completions", "post")).toEqual(out(ChatCompletionResponse));
    expect(ok("/v1/chat/completions", "post", "text/event-stream")).toEqual(out(ChatCompletionChunk));
    expect(ok("/v1/models", "get")).toEqual(out(ModelListResponse));
    expect(ok("/v1/usage", "get")).toEqual(out(UsageResponse));
    expect(ok("/api/pt/balance", "get")).toEqual(out(BalanceResponse));
    expect(ok("/api/conversations", "get")).toEqual(out(ListConversationsResponse));
    expect(ok("/api/conversations/{id}", "get")).toEqual(out(ConversationResponse));
    expect(ok("/api/account/api-requests", "get")).toEqual(out(ApiRequestsResponse));
    // Every error status of a /v1 operation names a code and has OpenAI's error body.
    const post = doc.paths["/v1/chat/completions"]?.post as Op;
    for (const status of ["400", "401", "402", "403", "404", "429", "503"])
      expect(post.responses[status]?.content?.["application/json"]?.schema, status).toMatchObject({
        required: ["error"],
      });
  });
});
