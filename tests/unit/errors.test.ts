import { describe, expect, it } from "vitest";
import { z } from "zod";
import { AppError, ERROR_STATUS, errorBody, errorResponse, toAppError } from "@/lib/errors";
import { Prisma } from "@/lib/generated/prisma/client";

describe("AppError", () => {
  it("maps every code to a 4xx or 5xx status", () => {
    for (const [code, status] of Object.entries(ERROR_STATUS)) {
      expect(status, code).toBeGreaterThanOrEqual(400);
      expect(status, code).toBeLessThan(600);
    }
    expect(new AppError("pt_exhausted").status).toBe(402);
    expect(new AppError("rate_limited").status).toBe(429);
    expect(new AppError("validation_failed").status).toBe(422);
  });

  it("serializes to one JSON shape, BigInt details as strings", async () => {
    const error = new AppError("pt_exhausted", undefined, { needed: 1500n, available: 20n });
    expect(errorBody(error, "req-12345678")).toEqual({
      error: {
        code: "pt_exhausted",
        message: "Not enough PT for this request.",
        details: { needed: 1500n, available: 20n },
        requestId: "req-12345678",
      },
    });
    const response = errorResponse(error, "req-12345678");
    expect(response.status).toBe(402);
    expect(response.headers.get("content-type")).toContain("application/json");
    expect(response.headers.get("x-request-id")).toBe("req-12345678");
    expect(await response.json()).toEqual({
      error: {
        code: "pt_exhausted",
        message: "Not enough PT for this request.",
        details: { needed: "1500", available: "20" },
        requestId: "req-12345678",
      },
    });
  });

  it("turns zod errors into 422 with field paths", () => {
    const parsed = z.object({ amount: z.number().int() }).safeParse({ amount: 1.5 });
    expect(parsed.success).toBe(false);
    const error = toAppError(parsed.error);
    expect(error.code).toBe("validation_failed");
    expect(error.details).toEqual([expect.objectContaining({ path: "amount" })]);
  });

  it("never leaks the message of an unknown error", async () => {
    const error = toAppError(new Error('relation "User" does not exist at password=hunter2'));
    expect(error.code).toBe("internal");
    const text = await errorResponse(error).text();
    expect(text).not.toContain("hunter2");
    expect(text).not.toContain("relation");
    expect(JSON.parse(text)).toEqual({
      error: { code: "internal", message: "Something went wrong on our side." },
    });
  });

  it("answers 503 with Retry-After when the database is too busy to start a transaction", async () => {
    // The error Prisma throws when no connection frees up within an interactive transaction's
    // maxWait (seen under the mixed load of bench/load): nothing ran, so the client may retry.
    const busy = new Prisma.PrismaClientKnownRequestError(
      "Transaction API error: Unable to start a transaction in the given time.",
      { code: "P2028", clientVersion: "7.10.1" },
    );
    const response = errorResponse(toAppError(busy));
    expect(response.status).toBe(503);
    expect(response.headers.get("retry-after")).toBe("1");
    expect(await response.json()).toMatchObject({ error: { code: "service_unavailable" } });
    // Other Prisma errors stay internal and say nothing of the database.
    const other = new Prisma.PrismaClientKnownRequestError("Unique constraint failed", {
      code: "P2002",
      clientVersion: "7.10.1",
    });
    expect(toAppError(other).code).toBe("internal");
  });

  it("carries extra headers such as Retry-After", () => {
    const response = errorResponse(
      new AppError("rate_limited", undefined, undefined, { "Retry-After": "7" }),
    );
    expect(response.headers.get("retry-after")).toBe("7");
  });
});
