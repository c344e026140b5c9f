// Shared pieces of the OpenAPI document: a zod schema as JSON Schema (zod 4's own output, OpenAPI
// 3.1's dialect), the two error bodies, and response / parameter helpers.
import { z } from "zod";

export const schema = (s: z.ZodType, io: "input" | "output") => {
  const { $schema: _drop, ...rest } = z.toJSONSchema(s, { io, unrepresentable: "any" }) as Record<
    string,
    unknown
  >;
  return rest;
};

export const OpenAiError = {
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

export const AppErrorBody = {
  type: "object",
  properties: {
    error: { type: "object", properties: { code: { type: "string" }, message: { type: "string" } } },
  },
} as const;

export const errors = (codes: Record<number, string>, body: object) =>
  Object.fromEntries(
    Object.entries(codes).map(([status, description]) => [
      status,
      { description, content: { "application/json": { schema: body } } },
    ]),
  );

export const json = (s: object) => ({ content: { "application/json": { schema: s } } });

/** A query schema's fields as OpenAPI query parameters. */
export function queryParameters(s: z.ZodType) {
  const { properties = {}, required = [] } = schema(s, "input") as {
    properties?: Record<string, object>;
    required?: string[];
  };
  return Object.entries(properties).map(([name, p]) => ({
    name,
    in: "query",
    required: required.includes(name),
    schema: p,
  }));
}
