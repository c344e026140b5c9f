// POST /api/bench/bare-proxy — bench/chat's baseline: the "bare streaming proxy" a builder without
// Ledgerchat would write on the same Next server (no auth, rate limit, metering or saving): the
// message to the OpenAI-compatible provider, its event stream piped back as it comes. It exists
// only when BENCH_BARE_PROXY=1 (the bench's server); otherwise it answers 404 like any unknown path.
import { env } from "@/lib/env";
import { otherMethods } from "@/lib/http/methods";

export const dynamic = "force-dynamic";

// The platform fetch, as Ledgerchat's provider calls use (lib/chat/providers.ts), so the baseline
// does not pay Next's fetch patch that Ledgerchat skips.
const platformFetch = (): typeof fetch =>
  (globalThis.fetch as typeof fetch & { _nextOriginalFetch?: typeof fetch })._nextOriginalFetch ?? fetch;

export async function POST(request: Request): Promise<Response> {
  const e = env();
  if (!e.BENCH_BARE_PROXY || !e.OPENAI_COMPATIBLE_BASE_URL) {
    return Response.json({ error: { code: "not_found", message: "Not found." } }, { status: 404 });
  }
  const body = (await request.json().catch(() => null)) as { model?: unknown; message?: unknown } | null;
  if (typeof body?.model !== "string" || typeof body.message !== "string") {
    return Response.json(
      { error: { code: "bad_request", message: "model and message are required." } },
      { status: 400 },
    );
  }
  const upstream = await platformFetch()(
    `${e.OPENAI_COMPATIBLE_BASE_URL.replace(/\/$/, "")}/chat/completions`,
    {
      method: "POST",
      headers: {
        "content-type": "application/json",
        ...(e.OPENAI_COMPATIBLE_API_KEY ? { authorization: `Bearer ${e.OPENAI_COMPATIBLE_API_KEY}` } : {}),
      },
      body: JSON.stringify({
        model: body.model,
        stream: true,
        stream_options: { include_usage: true },
        messages: [{ role: "user", content: body.message }],
      }),
      signal: request.signal,
    },
  );
  return new Response(upstream.body, {
    status: upstream.status,
    headers: { "content-type": "text/event-stream", "cache-control": "no-cache, no-transform" },
  });
}

export const { GET, HEAD, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ POST });
