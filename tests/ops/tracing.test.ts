// OpenTelemetry tracing (lib/observability/tracing.ts, lib/tracing.ts): a chat turn through the
// real route handler, with @vercel/otel registered as instrumentation.ts registers it but an
// in-memory exporter in place of OTLP, against a real database and the fake provider over HTTP.
// The request's root span stands in for the one Next creates. Asserts the span tree (chat.turn →
// chat.admission, chat.provider → the provider's fetch, chat.settlement; Prisma queries under
// admission and settlement) and that the app's log lines carry the trace id; with tracing off,
// no app span is made and no log line carries one.
import { type SpanKind, trace } from "@opentelemetry/api";
import { InMemorySpanExporter, type ReadableSpan, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { parseEnv } from "@/lib/env";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { registerTracing } from "@/lib/observability/tracing";
import { setTracingActive } from "@/lib/tracing";
import { APP, appFetch, newKey } from "@/tests/api/helpers";
import {
  chatRequest,
  createUser,
  ctx,
  grant,
  readAll,
  settledMessage,
  wireFakeProvider,
} from "@/tests/chat/helpers";
import { type FakeProvider, startFakeProvider } from "@/tests/fakes/openai-compatible-server";
import { createTestDatabase, type TestDatabase } from "@/tests/helpers/db";

const state = vi.hoisted(() => ({
  principal: null as null | { kind: "user"; userId: string; emailVerified: boolean },
  prisma: null as unknown,
  lines: [] as Record<string, unknown>[],
}));
vi.mock("@/lib/auth/principal", () => ({
  resolveUser: async () =>
    state.principal ? { role: "USER", status: "active", twoFactorEnabled: false, ...state.principal } : null,
  resolveGuest: async () => null,
}));
vi.mock("@/lib/db", async (importOriginal) => ({
  ...(await importOriginal<object>()),
  getDb: async () => state.prisma,
}));
// The app's logger, writing its JSON lines here instead of stdout (same options and mixin).
vi.mock("@/lib/logger", async (importOriginal) => {
  const real = await importOriginal<typeof import("@/lib/logger")>();
  const logger = real.createLogger({ write: (line: string) => state.lines.push(JSON.parse(line)) });
  logger.level = "info";
  return { ...real, logger };
});

const exporter = new InMemorySpanExporter();
registerTracing(parseEnv({ TRACING: "1" }), { spanProcessors: [new SimpleSpanProcessor(exporter)] });
const { POST: chatPOST } = await import("@/app/api/chat/route");

describe("tracing", () => {
  let db: TestDatabase;
  let p: PrismaClient;
  let fake: FakeProvider;

  beforeAll(async () => {
    db = await createTestDatabase();
    p = db.prisma;
    state.prisma = p;
    fake = await startFakeProvider();
    await wireFakeProvider(p, fake);
  });
  afterAll(async () => {
    setTracingActive(true);
    await fake.close();
    await db.cleanup();
  });
  beforeEach(async () => {
    exporter.reset();
    state.lines.length = 0;
    const userId = await createUser(p);
    await grant(p, { kind: "user", userId }, 100_000n);
    state.principal = { kind: "user", userId, emailVerified: true };
  });

  /** One chat turn under a root span like Next's; waits until it is settled. */
  async function turn(): Promise<string> {
    return trace.getTracer("test").startActiveSpan("POST /api/chat", async (root) => {
      try {
        const response = await chatPOST(chatRequest({ model: "fake-model", message: "Trace me" }), ctx());
        expect(response.status).toBe(200);
        const { chunks } = await readAll(response);
        const start = chunks[0];
        const messageId = start?.type === "start" ? (start.messageId as string) : "";
        expect((await settledMessage(p, messageId)).status).toBe("complete");
        return root.spanContext().traceId;
      } finally {
        root.end();
      }
    });
  }

  const byName = (spans: ReadableSpan[], name: string) => spans.filter((s) => s.name === name);
  const one = (spans: ReadableSpan[], name: string) => {
    const found = byName(spans, name);
    expect(found, name).toHaveLength(1);
    return found[0] as ReadableSpan;
  };
  const parentOf = (s: ReadableSpan) => s.parentSpanContext?.spanId;
  const idOf = (s: ReadableSpan) => s.spanContext().spanId;
  const ms = (t: [number, number]) => t[0] * 1e3 + t[1] / 1e6;

  it("traces a chat turn: admission → provider (its fetch) → settlement, with Prisma queries", async () => {
    const traceId = await turn();
    // Settlement ends the turn a moment after the stream's last part.
    await vi.waitFor(() => expect(byName(exporter.getFinishedSpans(), "chat.turn")).toHaveLength(1));
    const spans = exporter.getFinishedSpans().filter((s) => s.spanContext().traceId === traceId);

    const root = one(spans, "POST /api/chat");
    const chatTurn = one(spans, "chat.turn");
    const admission = one(spans, "chat.admission");
    const provider = one(spans, "chat.provider");
    const settlement = one(spans, "chat.settlement");
    expect(parentOf(chatTurn)).toBe(idOf(root));
    for (const child of [admission, provider, settlement]) expect(parentOf(child)).toBe(idOf(chatTurn));
    // In order: the hold before the call, the call before its settlement; the turn covers all three.
    // (Within 1 ms: each span reads its own anchored clock.)
    const inOrder = (a: [number, number], b: [number, number]) =>
      expect(ms(a)).toBeLessThanOrEqual(ms(b) + 1);
    inOrder(admission.endTime, provider.startTime);
    inOrder(provider.startTime, settlement.startTime);
    inOrder(settlement.endTime, chatTurn.endTime);
    expect(chatTurn.attributes["ledgerchat.model"]).toBe("fake-model");
    expect(provider.attributes["gen_ai.usage.output_tokens"]).toBeGreaterThan(0);
    expect(settlement.attributes["ledgerchat.outcome"]).toBe("complete");

    // The provider's HTTP call is a client span under chat.provider, to the fake provider.
    const fetches = spans.filter((s) => parentOf(s) === idOf(provider) && s.kind === (2 as SpanKind));
    expect(fetches.length).toBeGreaterThanOrEqual(1);
    expect(JSON.stringify(fetches[0]?.attributes)).toContain(new URL(fake.baseUrl).port);

    // Database calls are spans too: the admission's statement and the settlement's.
    const queriesUnder = (parent: ReadableSpan) =>
      spans.filter((s) => s.name === "prisma:client:operation" && parentOf(s) === idOf(parent));
    expect(queriesUnder(admission).length).toBeGreaterThanOrEqual(1);
    expect(queriesUnder(settlement).length).toBeGreaterThanOrEqual(1);
    const sql = spans.filter((s) => s.name === "prisma:client:db_query");
    expect(sql.some((s) => String(s.attributes["db.query.text"]).includes("LedgerHold"))).toBe(true);

    // The request's log line carries the trace id (and the span that was active when it was written).
    const request = state.lines.find((l) => l.msg === "request" && l.route === "/api/chat");
    expect(request).toMatchObject({ traceId, requestId: expect.any(String) });
    expect(spans.map(idOf)).toContain(request?.spanId);
  });

  it("traces a /v1 completion the same way: api.admission, api.provider, api.settlement", async () => {
    const key = await newKey(p, (state.principal as { userId: string }).userId);
    const traceId = await trace
      .getTracer("test")
      .startActiveSpan("POST /v1/chat/completions", async (root) => {
        const res = await appFetch(`${APP}/v1/chat/completions`, {
          method: "POST",
          headers: { authorization: `Bearer ${key.secret}`, "content-type": "application/json" },
          body: JSON.stringify({ model: "fake-model", messages: [{ role: "user", content: "Trace me" }] }),
        });
        expect(res.status).toBe(200);
        root.end();
        return root.spanContext().traceId;
      });
    const spans = exporter.getFinishedSpans().filter((s) => s.spanContext().traceId === traceId);
    const root = one(spans, "POST /v1/chat/completions");
    const provider = one(spans, "api.provider");
    for (const name of ["api.admission", "api.provider", "api.settlement"])
      expect(parentOf(one(spans, name))).toBe(idOf(root));
    expect(spans.some((s) => s.kind === (2 as SpanKind) && parentOf(s) === idOf(provider))).toBe(true);
  });

  it("off: the turn makes no app spans and log lines carry no trace id", async () => {
    setTracingActive(false);
    try {
      await turn();
      const names = exporter.getFinishedSpans().map((s) => s.name);
      expect(names).toContain("POST /api/chat");
      expect(names.filter((n) => n.startsWith("chat."))).toEqual([]);
      const request = state.lines.find((l) => l.msg === "request" && l.route === "/api/chat");
      expect(request?.requestId).toBeTruthy();
      expect(request?.traceId).toBeUndefined();
    } finally {
      setTracingActive(true);
    }
  });
});
