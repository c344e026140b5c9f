// The shared pino logger. Every line carries the request id and user id of the request it
// belongs to (through AsyncLocalStorage), the trace and span id of the active span while tracing
// is on (lib/tracing.ts), and secrets are redacted by path.
import { AsyncLocalStorage } from "node:async_hooks";
import pino from "pino";
import { env } from "@/lib/env";
import { activeTraceIds } from "@/lib/tracing";

export type RequestContext = { requestId: string; userId?: string; route?: string };

const storage = new AsyncLocalStorage<RequestContext>();

/** Runs fn with a request context that every log line inside it picks up. */
export function runWithContext<T>(context: RequestContext, fn: () => T): T {
  return storage.run(context, fn);
}

export function requestContext(): RequestContext | undefined {
  return storage.getStore();
}

/** Records the signed-in user on the current request's context (after authentication). */
export function setContextUser(userId: string): void {
  const store = storage.getStore();
  if (store) store.userId = userId;
}

export const REDACT_PATHS = [
  "password",
  "*.password",
  "passwordHash",
  "*.passwordHash",
  "token",
  "*.token",
  "secret",
  "*.secret",
  "authorization",
  "*.authorization",
  "headers.authorization",
  "headers.cookie",
  "*.headers.authorization",
  "*.headers.cookie",
  "cookie",
  "*.cookie",
  "apiKey",
  "*.apiKey",
  "totpSecret",
  "*.totpSecret",
];

export function createLogger(destination?: pino.DestinationStream): pino.Logger {
  const e = env();
  const options: pino.LoggerOptions = {
    level: e.LOG_LEVEL,
    base: { service: "ledgerchat" },
    redact: { paths: REDACT_PATHS, censor: "[redacted]" },
    timestamp: pino.stdTimeFunctions.isoTime,
    mixin() {
      const ctx = storage.getStore();
      const ids = activeTraceIds();
      if (!ctx) return ids ?? {};
      const fields = ctx.userId
        ? { requestId: ctx.requestId, userId: ctx.userId }
        : { requestId: ctx.requestId };
      return ids ? { ...fields, ...ids } : fields;
    },
  };
  if (destination) return pino(options, destination);
  const pretty = e.LOG_PRETTY || (e.NODE_ENV === "development" && process.stdout.isTTY);
  if (pretty) {
    return pino({ ...options, transport: { target: "pino-pretty", options: { colorize: true } } });
  }
  return pino(options);
}

export const logger: pino.Logger = createLogger();
