// The prose of the API reference (the OpenAPI document's description, which /docs/api renders):
// authentication, errors, rate limits per plan (read from the entitlements table, so they cannot
// drift from what is enforced), a quick start and the changelog. Kept out of app/: its code
// samples read like queries to the no-Prisma-in-app check.
import { ENTITLEMENTS, PLAN_IDS } from "@/lib/entitlements";

const group = (n: bigint | number) => n.toString().replace(/\B(?=(\d{3})+(?!\d))/g, ",");

const limitRows = PLAN_IDS.map((id) => {
  const e = ENTITLEMENTS[id];
  return `| ${e.name} | ${e.requestsPerMinute} | ${e.concurrentStreams} | ${group(e.maxOutputTokens)} | ${group(e.dailyPtCap)} PT |`;
}).join("\n");

export const API_INTRO = `OpenAI-compatible endpoints metered in PT (platform tokens) with an exact ledger: every request
holds its worst case before the model runs and is settled exactly once, so a key with a budget
can never be overspent, whatever the concurrency.

## Authentication

- **/v1/*** takes an API key: \`Authorization: Bearer lc_live_…\` (or \`lc_test_…\`). Create keys on
  /account/api-keys; the secret is shown once and stored only as a hash. A key has scopes
  (\`chat\`, \`usage:read\`), an optional model list, lifetime and monthly PT budgets, its own
  requests per minute and concurrent requests (never above the plan's), and an expiry.
  Revocation takes effect on the next request.
- **/api/*** (keys, PT, conversations) takes the browser session of a signed-in user.

## Errors

/v1 answers errors in OpenAI's shape, \`{"error": {"message", "type", "code", "param"}}\`:
401 \`invalid_api_key\`; 402 \`insufficient_quota\` (balance or the key's budget), 402
\`budget_exceeded\` (the owner's monthly budget's hard stop); 403 (type \`permission_error\`)
\`insufficient_scope\`, \`account_frozen\`, \`email_unverified\`, \`legal_acceptance_required\` (the
key's owner has not accepted the Terms or Privacy Policy in force: sign in to the app and accept
them; \`details.documents\` lists them); 404 \`model_not_found\`; 429
\`rate_limit_exceeded\` (with \`Retry-After\`); 400 \`validation_failed\`; 503 \`upstream_error\`.
/api answers \`{"error": {"code", "message", "details"}}\`: 401 \`unauthorized\`, 402
\`pt_exhausted\`, 404 \`not_found\`, 422 \`validation_failed\` (with the fields), 429 \`rate_limited\`.
A refused request holds and charges nothing; it is recorded in the key's request records (status
\`refused\`, with its HTTP status and code).

## Rate limits per plan

| plan | requests per minute | concurrent requests | max output tokens | daily PT cap |
| --- | --- | --- | --- | --- |
${limitRows}

Every /v1 answer carries \`RateLimit-Policy\` and \`RateLimit\` headers; a 429 carries
\`Retry-After\`. Concurrent requests and the daily PT cap are per account: chat streams and every
key's requests count together.

## Quick start

\`\`\`sh
curl $BASE/v1/chat/completions -H "Authorization: Bearer $LEDGERCHAT_API_KEY" \\
  -H "content-type: application/json" \\
  -d '{"model":"demo","messages":[{"role":"user","content":"Hello"}]}'
\`\`\`

\`\`\`js
import OpenAI from "openai";
const client = new OpenAI({ baseURL: \`\${BASE}/v1\`, apiKey: process.env.LEDGERCHAT_API_KEY });
const stream = await client.chat.completions.create({ model: "demo", stream: true,
  messages: [{ role: "user", content: "Hello" }], stream_options: { include_usage: true } });
for await (const chunk of stream) process.stdout.write(chunk.choices[0]?.delta.content ?? "");
\`\`\`

\`\`\`python
from openai import OpenAI
client = OpenAI(base_url=f"{BASE}/v1", api_key=os.environ["LEDGERCHAT_API_KEY"])
print(client.chat.completions.create(model="demo", messages=[{"role": "user", "content": "Hello"}]).choices[0].message.content)
\`\`\`

\`\`\`js
import { createOpenAICompatible } from "@ai-sdk/openai-compatible";
import { streamText } from "ai";
const ledgerchat = createOpenAICompatible({ name: "ledgerchat", baseURL: \`\${BASE}/v1\`, apiKey: process.env.LEDGERCHAT_API_KEY });
const result = streamText({ model: ledgerchat.chatModel("demo"), prompt: "Hello" });
\`\`\``;

export const API_CHANGELOG = `## Changelog

- **1.3.0**: /v1/chat/completions refuses a key whose owner has not accepted the Terms or Privacy
  Policy in force, as chat does: 403, type \`permission_error\`, code \`legal_acceptance_required\`,
  the pending documents in \`details.documents\` (the \`openai\` SDKs raise PermissionDeniedError).
  Nothing is held; the refusal is recorded. Accepting in the app lifts it at once. /v1/models and
  /v1/usage stay readable.
- **1.2.0**: refused requests are recorded (status \`refused\`, \`httpStatus\`, \`errorCode\`);
  request records carry the usage per dimension (cached input, cache writes, reasoning), billed at
  each dimension's rate as chat is; an account's concurrent requests are shared with its chat
  streams; the key's scope and model list are re-checked by the admission statement; a response
  schema for /api/account/api-requests; /v1/models lists the cached-input, cache-write and reasoning
  rates; refusals carry the RateLimit headers; /v1/usage gives the account's spend by day and model.
- **1.1.0**: response schemas for /v1; the user-facing JSON API (/api/pt/*, /api/conversations*)
  and the API request records (/api/account/api-requests) in this document; the daily PT cap
  counts API spend; a crashed request's hold gives its key's budget back when it expires
  (request status \`expired\`); per-key request-body logging switch.
- **1.0.0**: first release: /v1/chat/completions, /v1/models, /v1/usage, API keys.`;
