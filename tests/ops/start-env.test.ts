// A bad environment value stops the server at start: instrumentation's register() exits the
// process with status 1 and names the variable (before, Next logged the throw and kept serving
// 500s to every request).
import { afterEach, describe, expect, it, vi } from "vitest";
import { register } from "@/instrumentation";
import { resetEnvForTests } from "@/lib/env";
import { exitOnInvalidEnv } from "@/lib/env-exit";

class Exited extends Error {
  constructor(readonly code: number) {
    super(`exit ${code}`);
  }
}

afterEach(() => {
  delete process.env.METRICS_TOKEN;
  delete process.env.NEXT_RUNTIME;
  resetEnvForTests();
  vi.restoreAllMocks();
});

describe("start-time environment check", () => {
  it("register() exits 1 naming METRICS_TOKEN when it is shorter than 16 characters", async () => {
    process.env.NEXT_RUNTIME = "nodejs";
    process.env.METRICS_TOKEN = "short";
    resetEnvForTests();
    const exit = vi.spyOn(process, "exit").mockImplementation((code) => {
      throw new Exited(Number(code));
    });
    const stderr = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
    await expect(register()).rejects.toBeInstanceOf(Exited);
    expect(exit).toHaveBeenCalledWith(1);
    expect(stderr.mock.calls.map((c) => String(c[0])).join("")).toMatch(
      /METRICS_TOKEN: must be at least 16 characters/,
    );
  });

  it("exitOnInvalidEnv names every bad variable and returns the environment when it is valid", () => {
    const written: string[] = [];
    const exit = (code: number): never => {
      throw new Exited(code);
    };
    process.env.METRICS_TOKEN = "short";
    resetEnvForTests();
    expect(() => exitOnInvalidEnv(exit, (m) => written.push(m))).toThrow(Exited);
    expect(written.join("")).toContain("METRICS_TOKEN");
    process.env.METRICS_TOKEN = "m".repeat(16);
    resetEnvForTests();
    expect(exitOnInvalidEnv(exit, (m) => written.push(m)).METRICS_TOKEN).toBe("m".repeat(16));
  });
});
