// Spans for the app's own work (chat turn, webhooks, cron, outboxes) on the OpenTelemetry API.
// Tracing is off by default: then every helper here checks one boolean and calls straight through
// (no span object, no context switch), so the chat path pays nothing measurable (bench/chat).
// lib/observability/tracing.ts registers the SDK at start and flips the switch. The switch lives
// on globalThis because Next loads this module once per server bundle.
import type { Attributes, Context, Span } from "@opentelemetry/api";
import { context, SpanStatusCode, trace } from "@opentelemetry/api";
import type { Env } from "@/lib/env";
import { isAppError } from "@/lib/errors";

const TRACER = "ledgerchat";
const state = globalThis as typeof globalThis & { __ledgerchatTracing?: boolean };

/** Whether the environment asks for tracing: TRACING=1, or an OTLP endpoint (unless TRACING=0). */
export function tracingRequested(e: Pick<Env, "TRACING" | "OTEL_EXPORTER_OTLP_ENDPOINT">): boolean {
  return e.TRACING ?? Boolean(e.OTEL_EXPORTER_OTLP_ENDPOINT);
}

/** Set once the SDK is registered (or unregistered, in tests). */
export function setTracingActive(on: boolean): void {
  state.__ledgerchatTracing = on;
}

export function tracingActive(): boolean {
  return state.__ledgerchatTracing === true;
}

/** A started span, or the shared no-op when tracing is off. */
export type SpanHandle = {
  /** Runs fn with this span as the active one (children and log lines attach to it). */
  run<T>(fn: () => T): T;
  setAttributes(attributes: Attributes): void;
  /** Ends the span; an error marks it failed and is recorded (an AppError under 500 is only noted). */
  end(error?: unknown): void;
};

const NOOP: SpanHandle = {
  run: (fn) => fn(),
  setAttributes: () => undefined,
  end: () => undefined,
};

class LiveSpan implements SpanHandle {
  private ended = false;
  readonly ctx: Context;
  constructor(
    readonly span: Span,
    parent: Context,
  ) {
    this.ctx = trace.setSpan(parent, span);
  }
  run<T>(fn: () => T): T {
    return context.with(this.ctx, fn);
  }
  setAttributes(attributes: Attributes): void {
    this.span.setAttributes(attributes);
  }
  end(error?: unknown): void {
    if (this.ended) return;
    this.ended = true;
    if (isAppError(error) && error.status < 500) {
      // A refusal (402, 429, 404...) is an answer, not a failure: noted, not marked as an error.
      this.span.setAttributes({
        "ledgerchat.refused": error.code,
        "http.response.status_code": error.status,
      });
    } else if (error !== undefined) {
      this.span.recordException(error instanceof Error ? error : String(error));
      this.span.setStatus({
        code: SpanStatusCode.ERROR,
        message: error instanceof Error ? error.name : "error",
      });
    }
    this.span.end();
  }
}

/**
 * Starts a span that outlives the current call (a stream, a turn that settles later): the caller
 * ends it. Its parent is `parent` when given, else the active span.
 */
export function startSpan(name: string, attributes?: Attributes, parent?: SpanHandle): SpanHandle {
  if (!tracingActive()) return NOOP;
  const parentCtx = parent instanceof LiveSpan ? parent.ctx : context.active();
  const span = trace.getTracer(TRACER).startSpan(name, { attributes }, parentCtx);
  return new LiveSpan(span, parentCtx);
}

/** Runs fn inside a span that ends when fn settles (failed when it throws). */
export async function withSpan<T>(
  name: string,
  attributes: Attributes | undefined,
  fn: (span: SpanHandle) => Promise<T>,
): Promise<T> {
  if (!tracingActive()) return fn(NOOP);
  const span = startSpan(name, attributes);
  try {
    const result = await span.run(() => fn(span));
    span.end();
    return result;
  } catch (error) {
    span.end(error);
    throw error;
  }
}

/** The active span's trace and span ids, for log lines (undefined when tracing is off or no span). */
export function activeTraceIds(): { traceId: string; spanId: string } | undefined {
  if (!tracingActive()) return undefined;
  const span = trace.getActiveSpan();
  if (!span) return undefined;
  const { traceId, spanId } = span.spanContext();
  return { traceId, spanId };
}
