"use client";
// Webhook endpoints of a user (/api/account/webhooks) or of the operator (/api/admin/webhooks-out):
// create (the whsec_ secret shown once), enable/disable, rotate the secret (shown once; the old
// one keeps signing for 24 h), send a test event, the delivery log with Retry, delete.
import { type FormEvent, useState } from "react";
import type { EndpointListResponse, EndpointSecretResponse } from "@/app/api/account/webhooks/schema";
import type { WireOf } from "@/components/api-client";
import { Field, Notice, SubmitButton } from "@/components/auth/form-parts";
import { api, fieldErrors } from "@/lib/auth/client";
import { DeliveryLog } from "./delivery-log";

type Endpoint = WireOf<typeof EndpointListResponse>["endpoints"][number];
type WithSecret = WireOf<typeof EndpointSecretResponse>;
const button = "rounded-md px-3 py-1.5 text-sm font-medium";

function SecretOnce({ secret, onDone }: { secret: string; onDone: () => void }) {
  return (
    <div className="rounded-lg border border-amber-300 bg-amber-50 p-4" role="status">
      <p className="font-semibold text-ink">Copy the signing secret now: it is shown only once.</p>
      <code
        className="mt-2 block break-all rounded bg-white p-2 font-mono text-sm"
        data-testid="webhook-secret"
      >
        {secret}
      </code>
      <button type="button" onClick={onDone} className={`${button} mt-3 text-slate-700 hover:bg-slate-100`}>
        Done
      </button>
    </div>
  );
}

function EndpointCard({
  basePath,
  e,
  onChange,
  onSecret,
}: {
  basePath: string;
  e: Endpoint;
  onChange: (e: Endpoint | null) => void;
  onSecret: (s: string) => void;
}) {
  const [error, setError] = useState<string | null>(null);
  const [showLog, setShowLog] = useState(false);
  const [refresh, setRefresh] = useState(0);
  const [busy, setBusy] = useState(false);
  async function act(path: string, method: string, body?: unknown) {
    setBusy(true);
    setError(null);
    const result = await api<Record<string, unknown>>(`${basePath}/${e.id}${path}`, { method, body });
    setBusy(false);
    if (!result.ok) {
      setError(result.error.message);
      return null;
    }
    return result.data ?? {};
  }
  const toggle = async () => {
    const data = await act("", "PATCH", { enabled: !e.enabled });
    if (data) onChange(data.endpoint as Endpoint);
  };
  const rotate = async () => {
    const data = await act("/rotate-secret", "POST");
    if (data) onSecret((data as WithSecret).secret);
  };
  const test = async () => {
    if (await act("/test", "POST")) {
      setShowLog(true);
      setRefresh((n) => n + 1);
    }
  };
  const remove = async () => {
    if (window.confirm("Delete this endpoint and its delivery log?") && (await act("", "DELETE")))
      onChange(null);
  };
  return (
    <li className="rounded-lg border border-slate-200 p-4" data-testid="webhook-endpoint">
      <p className="break-all font-mono text-sm text-ink">{e.url}</p>
      {e.description ? <p className="text-sm text-slate-700">{e.description}</p> : null}
      <p className="mt-1 text-sm text-slate-700">
        {e.format === "standard"
          ? `Events: ${e.events.join(", ")}`
          : `${e.format === "slack" ? "Slack" : "Discord"}: admin alerts`}
      </p>
      <p className={`mt-1 text-sm ${e.enabled ? "text-green-700" : "text-red-700"}`}>
        {e.enabled ? "Enabled" : `Disabled${e.disabledReason ? `: ${e.disabledReason}` : ""}`}
        {e.failingSince ? ` · failing since ${e.failingSince.slice(0, 16).replace("T", " ")} UTC` : ""}
      </p>
      {error ? <Notice tone="error">{error}</Notice> : null}
      <div className="mt-3 flex flex-wrap gap-2">
        <button
          type="button"
          disabled={busy}
          onClick={() => void toggle()}
          className={`${button} bg-slate-100 text-ink`}
        >
          {e.enabled ? "Disable" : "Enable"}
        </button>
        <button
          type="button"
          disabled={busy || !e.enabled}
          onClick={() => void test()}
          className={`${button} bg-slate-100 text-ink`}
        >
          Send test event
        </button>
        <button
          type="button"
          onClick={() => setShowLog((v) => !v)}
          className={`${button} bg-slate-100 text-ink`}
        >
          {showLog ? "Hide deliveries" : "Deliveries"}
        </button>
        <button
          type="button"
          disabled={busy || e.format !== "standard"}
          onClick={() => void rotate()}
          className={`${button} bg-slate-100 text-ink`}
        >
          Rotate secret
        </button>
        <button
          type="button"
          disabled={busy}
          onClick={() => void remove()}
          className={`${button} text-red-700 hover:bg-red-50`}
        >
          Delete
        </button>
      </div>
      {showLog ? <DeliveryLog key={refresh} basePath={basePath} endpointId={e.id} /> : null}
    </li>
  );
}

export function EndpointsManager({
  basePath,
  eventTypes,
  initial,
  chatChannels = false,
}: {
  basePath: string;
  eventTypes: readonly string[];
  initial: Endpoint[];
  /** Admins: also Slack / Discord incoming-webhook URLs, which receive the admin alerts. */
  chatChannels?: boolean;
}) {
  const [endpoints, setEndpoints] = useState(initial);
  const [secret, setSecret] = useState<string | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [status, setStatus] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    const format = String(form.get("format") ?? "standard");
    const body = {
      url: String(form.get("url") ?? "").trim(),
      description: String(form.get("description") ?? "").trim(),
      ...(format === "standard" ? { events: eventTypes.filter((t) => form.get(`event:${t}`)) } : { format }),
    };
    setPending(true);
    setErrors({});
    setStatus(null);
    const result = await api<WithSecret>(basePath, { method: "POST", body });
    setPending(false);
    if (!result.ok) {
      setErrors(fieldErrors(result.error));
      return setStatus(result.error.message);
    }
    setSecret(result.data.secret);
    setEndpoints((list) => [result.data.endpoint, ...list]);
    formElement.reset();
  }

  const replace = (id: string) => (next: Endpoint | null) =>
    setEndpoints((list) =>
      next ? list.map((x) => (x.id === id ? next : x)) : list.filter((x) => x.id !== id),
    );

  return (
    <div className="space-y-6">
      {secret ? <SecretOnce secret={secret} onDone={() => setSecret(null)} /> : null}
      {endpoints.length === 0 ? (
        <p className="rounded-lg bg-slate-50 p-4 text-slate-700">No endpoints yet.</p>
      ) : (
        <ul className="space-y-3" aria-label="Webhook endpoints">
          {endpoints.map((e) => (
            <EndpointCard
              key={e.id}
              basePath={basePath}
              e={e}
              onChange={replace(e.id)}
              onSecret={setSecret}
            />
          ))}
        </ul>
      )}
      <form noValidate onSubmit={onSubmit} className="space-y-4" aria-label="Add a webhook endpoint">
        <h3 className="font-semibold text-ink">Add an endpoint</h3>
        {status ? <Notice tone="error">{status}</Notice> : null}
        {chatChannels ? (
          <label className="block text-sm font-medium text-slate-700">
            Kind
            <select name="format" className="mt-1 block rounded-md border border-slate-300 px-2 py-1.5">
              <option value="standard">Webhook (signed JSON, the events below)</option>
              <option value="slack">Slack incoming webhook (admin alerts)</option>
              <option value="discord">Discord webhook (admin alerts)</option>
            </select>
          </label>
        ) : null}
        <Field
          label="URL"
          name="url"
          required
          placeholder="https://example.com/webhooks"
          error={errors.url}
        />
        <Field
          label="Description"
          name="description"
          maxLength={200}
          hint="Optional"
          error={errors.description}
        />
        <fieldset className="grid gap-2 text-sm text-slate-700 sm:grid-cols-2">
          <legend className="mb-1 font-medium">Events</legend>
          {eventTypes.map((t) => (
            <label key={t} className="flex items-center gap-2">
              <input type="checkbox" name={`event:${t}`} /> <code className="font-mono">{t}</code>
            </label>
          ))}
          {errors.events ? <p className="text-red-700">{errors.events}</p> : null}
        </fieldset>
        <SubmitButton pending={pending} pendingText="Adding…">
          Add endpoint
        </SubmitButton>
      </form>
    </div>
  );
}
