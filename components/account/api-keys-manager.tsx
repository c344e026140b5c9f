"use client";
// Lists, creates and revokes API keys through /api/account/api-keys. A new key's secret is shown
// once, here, with a copy button; revoking asks for confirmation; request-body logging is a
// per-key switch (off by default: bodies are stored only while it is on). Cards on a phone, rows wider up.
import { type FormEvent, useEffect, useState } from "react";
import type { ApiKeyListResponse, CreateApiKeyResponse } from "@/app/api/account/api-keys/schema";
import type { WireOf } from "@/components/api-client";
import { Field, Notice, SubmitButton } from "@/components/auth/form-parts";
import { activeTeamId } from "@/components/teams/workspace-cookie";
import { api, fieldErrors } from "@/lib/auth/client";

type Key = WireOf<typeof ApiKeyListResponse>["keys"][number];
type Created = WireOf<typeof CreateApiKeyResponse>;

const group = (v: string) => v.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
// UTC text, identical on the server and in the browser (no hydration mismatch).
const when = (iso: string | null) => (iso ? `${iso.slice(0, 16).replace("T", " ")} UTC` : "Never");

function KeyCard({ k, onUpdated }: { k: Key; onUpdated: (k: Key) => void }) {
  const [confirming, setConfirming] = useState(false);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  async function change(init: { method: string; body?: unknown }) {
    setPending(true);
    setError(null);
    const result = await api<{ key: Key }>(`/api/account/api-keys/${k.id}`, init);
    setPending(false);
    if (!result.ok) return setError(result.error.message);
    onUpdated(result.data.key);
  }
  const revoke = () => change({ method: "DELETE" });
  const logBodies = (on: boolean) => change({ method: "PATCH", body: { logBodies: on } });
  const budget = [
    k.budgetPt ? `${group(k.spentPt)} / ${group(k.budgetPt)} PT` : `${group(k.spentPt)} PT spent`,
    k.monthlyBudgetPt
      ? `${group(k.monthKey ? k.monthSpentPt : "0")} / ${group(k.monthlyBudgetPt)} PT this month`
      : null,
  ].filter(Boolean);
  return (
    <li className="rounded-lg border border-slate-200 p-4" data-testid="api-key">
      <div className="flex flex-col gap-1 sm:flex-row sm:items-baseline sm:justify-between">
        <p className="font-semibold text-ink">
          {k.name}
          {k.teamId ? (
            <span className="ml-2 rounded-full bg-slate-100 px-2 py-0.5 text-xs font-medium text-slate-700">
              team key
            </span>
          ) : null}
        </p>
        <code className="font-mono text-sm text-slate-600">
          {k.prefix}…{k.lastFour}
        </code>
      </div>
      <dl className="mt-2 grid gap-x-4 gap-y-1 text-sm text-slate-700 sm:grid-cols-2">
        <dt className="sr-only">Spend</dt>
        <dd>{budget.join(" · ")}</dd>
        <dt className="sr-only">Scopes</dt>
        <dd>Scopes: {k.scopes.join(", ")}</dd>
        <dt className="sr-only">Models</dt>
        <dd>Models: {k.models.length ? k.models.join(", ") : "all of your plan's"}</dd>
        <dt className="sr-only">Last used</dt>
        <dd>
          Last used: {when(k.lastUsedAt)}
          {k.lastUsedIp ? ` from ${k.lastUsedIp}` : ""}
        </dd>
        <dt className="sr-only">Expiry</dt>
        <dd>{k.expiresAt ? `Expires ${when(k.expiresAt)}` : "No expiry"}</dd>
      </dl>
      {k.revokedAt ? null : (
        <label className="mt-3 flex items-center gap-2 text-sm text-slate-800">
          <input
            type="checkbox"
            checked={k.logBodies}
            disabled={pending}
            onChange={(e) => logBodies(e.currentTarget.checked)}
            data-testid="log-bodies"
          />
          Store request bodies with this key's request records
        </label>
      )}
      {error ? <Notice tone="error">{error}</Notice> : null}
      {k.revokedAt ? (
        <p className="mt-3 text-sm font-medium text-red-700">Revoked {when(k.revokedAt)}</p>
      ) : confirming ? (
        <div className="mt-3 flex flex-col gap-2 sm:flex-row sm:items-center">
          <span className="text-sm text-slate-700">Revoke this key? Requests with it stop at once.</span>
          <button
            type="button"
            onClick={revoke}
            disabled={pending}
            className="rounded-md bg-red-700 px-3 py-2 text-sm font-medium text-white"
          >
            {pending ? "Revoking…" : "Yes, revoke"}
          </button>
          <button
            type="button"
            onClick={() => setConfirming(false)}
            className="rounded-md px-3 py-2 text-sm font-medium text-slate-700 hover:bg-slate-100"
          >
            Cancel
          </button>
        </div>
      ) : (
        <button
          type="button"
          onClick={() => setConfirming(true)}
          className="mt-3 rounded-md border border-slate-300 px-3 py-2 text-sm font-medium text-slate-800 hover:bg-slate-50"
        >
          Revoke…
        </button>
      )}
    </li>
  );
}

function NewSecret({ created, onDone }: { created: Created; onDone: () => void }) {
  const [copied, setCopied] = useState(false);
  return (
    <div className="rounded-lg border border-amber-300 bg-amber-50 p-4" role="status">
      <p className="font-semibold text-ink">Copy your new key now: it is shown only once.</p>
      <code
        className="mt-2 block break-all rounded bg-page p-2 font-mono text-sm"
        data-testid="api-key-secret"
      >
        {created.secret}
      </code>
      <div className="mt-3 flex gap-2">
        <button
          type="button"
          className="rounded-md bg-slate-900 px-3 py-2 text-sm font-medium text-white"
          onClick={() => void navigator.clipboard.writeText(created.secret).then(() => setCopied(true))}
        >
          {copied ? "Copied" : "Copy"}
        </button>
        <button
          type="button"
          onClick={onDone}
          className="rounded-md px-3 py-2 text-sm font-medium text-slate-700 hover:bg-slate-100"
        >
          Done
        </button>
      </div>
    </div>
  );
}

export function ApiKeysManager({ initialKeys }: { initialKeys: Key[] }) {
  const [keys, setKeys] = useState(initialKeys);
  const [created, setCreated] = useState<Created | null>(null);
  const [pending, setPending] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [status, setStatus] = useState<string | null>(null);
  // The team workspace chosen in the header, read after hydration (a cookie the server page ignores).
  const [teamId, setTeamId] = useState<string | undefined>(undefined);
  useEffect(() => setTeamId(activeTeamId()), []);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    const text = (name: string) => String(form.get(name) ?? "").trim();
    const body: Record<string, unknown> = { name: text("name") };
    if (text("budgetPt")) body.budgetPt = text("budgetPt");
    if (text("monthlyBudgetPt")) body.monthlyBudgetPt = text("monthlyBudgetPt");
    if (text("expiresAt")) body.expiresAt = new Date(`${text("expiresAt")}T23:59:59`).toISOString();
    if (text("models"))
      body.models = text("models")
        .split(/[\s,]+/)
        .filter(Boolean);
    body.scopes = ["chat", "usage:read"].filter((s) => form.get(`scope:${s}`));
    if (teamId && form.get("teamKey")) body.teamId = teamId;
    setPending(true);
    setErrors({});
    setStatus(null);
    const result = await api<Created>("/api/account/api-keys", { method: "POST", body });
    setPending(false);
    if (!result.ok) {
      setErrors(fieldErrors(result.error));
      setStatus(result.error.message);
      return;
    }
    setCreated(result.data);
    setKeys((list) => [result.data.key, ...list]);
    formElement.reset();
  }

  return (
    <div className="space-y-6">
      {created ? <NewSecret created={created} onDone={() => setCreated(null)} /> : null}
      {keys.length === 0 ? (
        <p className="rounded-lg bg-slate-50 p-4 text-slate-700" data-testid="api-keys-empty">
          No keys yet. Create one below to call the API.
        </p>
      ) : (
        <ul className="space-y-3" aria-label="API keys">
          {keys.map((k) => (
            <KeyCard
              key={k.id}
              k={k}
              onUpdated={(r) => setKeys((list) => list.map((x) => (x.id === r.id ? r : x)))}
            />
          ))}
        </ul>
      )}
      <form noValidate onSubmit={onSubmit} className="space-y-4" aria-label="Create an API key">
        <h3 className="font-semibold text-ink">Create a key</h3>
        {status ? <Notice tone="error">{status}</Notice> : null}
        <Field label="Name" name="name" required maxLength={100} error={errors.name} placeholder="CI bot" />
        {teamId ? (
          <label className="flex items-center gap-2 text-sm text-slate-800">
            <input type="checkbox" name="teamKey" defaultChecked />
            Spend from the team&apos;s pool (the workspace chosen in the header), within your member caps
          </label>
        ) : null}
        <div className="grid gap-4 sm:grid-cols-2">
          <Field
            label="Budget, lifetime (PT)"
            name="budgetPt"
            inputMode="numeric"
            error={errors.budgetPt}
            hint="Optional"
          />
          <Field
            label="Budget per month (PT)"
            name="monthlyBudgetPt"
            inputMode="numeric"
            error={errors.monthlyBudgetPt}
            hint="Optional"
          />
          <Field label="Expires on" name="expiresAt" type="date" error={errors.expiresAt} hint="Optional" />
          <Field
            label="Models"
            name="models"
            error={errors.models}
            hint="Optional, comma-separated; empty: all of your plan's"
          />
        </div>
        <fieldset className="flex flex-wrap gap-4 text-sm text-slate-700">
          <legend className="mb-1 font-medium">Scopes</legend>
          <label className="flex items-center gap-2">
            <input type="checkbox" name="scope:chat" defaultChecked /> chat
          </label>
          <label className="flex items-center gap-2">
            <input type="checkbox" name="scope:usage:read" defaultChecked /> usage:read
          </label>
        </fieldset>
        <SubmitButton pending={pending} pendingText="Creating…">
          Create key
        </SubmitButton>
      </form>
    </div>
  );
}
