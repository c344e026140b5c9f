// The OpenAPI document covers every public API route: each method a route file under app/v1 and
// app/api/account/api-keys implements has an entry, and the request schemas are the routes' own.
import { readdirSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { CreateApiKeyRequest } from "@/app/api/account/api-keys/schema";
import { openApiDocument } from "@/app/api/openapi.json/document";
import { ChatCompletionRequest } from "@/app/v1/chat/completions/schema";
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
    ].filter((f) => !f.includes("[..."));
    expect(files.length).toBeGreaterThanOrEqual(5);
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
});
