// API keys: list (never a secret), create (the secret shown once, with a copy button), revoke
// with a confirmation; below, the keys' request records (filtered, sorted and paged by the URL).
// Read here through lib/api; changes go through /api/account/api-keys. Not found while the
// public_api flag is off.
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { ApiKeysManager } from "@/components/account/api-keys-manager";
import { InvalidQuery } from "@/components/admin/list-controls";
import { RequestList } from "@/components/api/request-list";
import { AccountNav, Section } from "@/components/auth/account-nav";
import { firstValues, issuesText } from "@/lib/admin/list-query";
import { listKeys } from "@/lib/api/keys";
import { ApiRequestsListQuery, listApiRequests } from "@/lib/api/requests";
import { appUrl } from "@/lib/app-url";
import { requireUserPage } from "@/lib/auth/current-user";
import { getDb } from "@/lib/db";
import { bigintReplacer } from "@/lib/errors";
import { isEnabled } from "@/lib/settings/flags";

export const metadata: Metadata = { title: "API keys" };
export const dynamic = "force-dynamic";

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };
const PATH = "/account/api-keys";

export default async function ApiKeysPage({ searchParams }: Props) {
  const principal = await requireUserPage(PATH);
  const db = await getDb();
  if (!(await isEnabled("public_api", db))) notFound();
  const base = appUrl("/v1");
  const rows = await listKeys(db, principal.userId);
  const keys = JSON.parse(JSON.stringify(rows, bigintReplacer));
  const parsed = ApiRequestsListQuery.safeParse(firstValues(await searchParams));
  const requests = parsed.success
    ? await listApiRequests(db, { ...parsed.data, userId: principal.userId })
    : null;
  return (
    <div className="mx-auto max-w-3xl px-4 py-10 sm:px-6">
      <h1 className="text-2xl font-bold text-ink">API keys</h1>
      <AccountNav active="api-keys" />
      <div className="mt-6 space-y-6">
        <Section title="Your keys" id="api-keys">
          <p className="mb-4 text-slate-700">
            A key calls the OpenAI-compatible API at <code className="font-mono">/v1</code> and spends PT from
            your balance, held before each request and settled exactly after it. Give each key a budget so it
            can never spend more.
          </p>
          <ApiKeysManager initialKeys={keys} />
        </Section>
        <Section title="Requests" id="api-requests">
          <p className="mb-4 text-slate-700">
            Every request your keys made: its model, tokens, the PT charged (or held while it runs), its
            status and how long it took.
          </p>
          {parsed.success && requests ? (
            <RequestList
              list={requests}
              query={parsed.data}
              basePath={PATH}
              keys={rows.map((k) => [k.id, `${k.name} (…${k.lastFour})`] as const)}
            />
          ) : (
            <InvalidQuery basePath={PATH} message={parsed.success ? "" : issuesText(parsed.error)} />
          )}
        </Section>
        <Section title="Quick start" id="api-quick-start">
          <p className="mb-3 text-slate-700">
            Any OpenAI client works: set its base URL to <code className="font-mono">{base}</code> and its API
            key to your key. Answers carry <code className="font-mono">usage</code> and the exact PT charged.
          </p>
          <pre className="overflow-x-auto rounded-lg bg-slate-900 p-4 text-sm text-slate-100">
            {`curl ${base}/chat/completions \\
  -H "Authorization: Bearer $LEDGERCHAT_API_KEY" \\
  -H "content-type: application/json" \\
  -d '{"model":"demo","messages":[{"role":"user","content":"Hello"}]}'`}
          </pre>
        </Section>
        <p className="text-sm text-slate-600">
          <Link href="/account/usage" className="font-medium text-brand-700 underline">
            See your usage
          </Link>
        </p>
      </div>
    </div>
  );
}
