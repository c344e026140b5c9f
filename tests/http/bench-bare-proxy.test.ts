// The bench-only baseline route: refused (404, like any unknown path) unless BENCH_BARE_PROXY=1,
// and with it, the provider's event stream piped back unchanged.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST } from "@/app/api/bench/bare-proxy/route";
import { resetEnvForTests } from "@/lib/env";
import { startFakeProvider } from "@/tests/fakes/openai-compatible-server";

let fake: Awaited<ReturnType<typeof startFakeProvider>>;
beforeAll(async () => {
  fake = await startFakeProvider();
});
afterAll(async () => {
  delete process.env.BENCH_BARE_PROXY;
  delete process.env.OPENAI_COMPATIBLE_BASE_URL;
  resetEnvForTests();
  await fake.close();
});

const call = () =>
  POST(
    new Request("http://test/api/bench/bare-proxy", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ model: "bench-model", message: "Hello" }),
    }),
  );

describe("POST /api/bench/bare-proxy", () => {
  it("answers 404 without BENCH_BARE_PROXY=1", async () => {
    process.env.OPENAI_COMPATIBLE_BASE_URL = fake.baseUrl;
    delete process.env.BENCH_BARE_PROXY;
    resetEnvForTests();
    const res = await call();
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("not_found");
  });

  it("with it, streams the provider's completion", async () => {
    process.env.OPENAI_COMPATIBLE_BASE_URL = fake.baseUrl;
    process.env.BENCH_BARE_PROXY = "1";
    resetEnvForTests();
    const res = await call();
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).toMatch(/"content":"[^"]/);
    expect(text).toContain("[DONE]");
  });
});
