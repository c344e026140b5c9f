// Shared setup of the public API tests: the route handlers behind a fetch function, so real
// clients (the `openai` package, the AI SDK's OpenAI-compatible provider) drive them unchanged.

import type { CreateKeyInput } from "@/lib/api/keys";
import { createKey } from "@/lib/api/keys";
import type { PrismaClient } from "@/lib/generated/prisma/client";

type Handler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;

export const APP = "http://app.test";

export async function appFetch(input: string | URL | Request, init?: RequestInit): Promise<Response> {
  const request = input instanceof Request ? input : new Request(input, init);
  const { pathname } = new URL(request.url);
  const routes: Record<string, () => Promise<Record<string, unknown>>> = {
    "/v1/chat/completions": () => import("@/app/v1/chat/completions/route"),
    "/v1/models": () => import("@/app/v1/models/route"),
    "/v1/usage": () => import("@/app/v1/usage/route"),
  };
  const load = routes[pathname] ?? (() => import("@/app/v1/[...path]/route"));
  const mod = (await load()) as Record<string, unknown>;
  const handler = mod[request.method] as Handler;
  return handler(request, { params: Promise.resolve({}) });
}

export async function newKey(
  p: PrismaClient,
  userId: string,
  input: Partial<CreateKeyInput> = {},
): Promise<{ id: string; secret: string }> {
  const { key, secret } = await createKey(p, { userId }, { name: "test key", ...input });
  return { id: key.id, secret };
}
