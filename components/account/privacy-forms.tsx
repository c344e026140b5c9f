"use client";
// /account/privacy: download my data (a zip, after re-authentication) and delete my account (with
// the forfeit warning and the grace period spelled out before confirming).
import { type FormEvent, useState } from "react";
import { CodeField } from "@/components/auth/account-forms";
import { Field, Notice, SubmitButton } from "@/components/auth/form-parts";
import { type ApiError, api, fieldErrors } from "@/lib/auth/client";

type Status = { tone: "error" | "success"; text: string } | null;

function reauthOf(form: FormData, twoFactor: boolean) {
  return {
    currentPassword: String(form.get("currentPassword") ?? ""),
    code: twoFactor ? String(form.get("code") ?? "") : undefined,
  };
}

/** POSTs JSON and saves the zip it answers; returns the API error otherwise. */
export async function downloadArchive(path: string, body: unknown): Promise<ApiError | null> {
  try {
    const response = await fetch(path, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
      credentials: "same-origin",
    });
    if (!response.ok) {
      const error = ((await response.json().catch(() => null)) as { error?: ApiError } | null)?.error;
      return error ?? { code: "internal", message: "The export failed." };
    }
    const blob = await response.blob();
    const name = /filename="([^"]+)"/.exec(response.headers.get("content-disposition") ?? "")?.[1];
    const link = document.createElement("a");
    link.href = URL.createObjectURL(blob);
    link.download = name ?? "data-export.zip";
    link.click();
    URL.revokeObjectURL(link.href);
    return null;
  } catch {
    return { code: "network", message: "Could not reach the server. Check your connection." };
  }
}

export function ExportDataForm({ twoFactor }: { twoFactor: boolean }) {
  const [pending, setPending] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [status, setStatus] = useState<Status>(null);
  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formEl = event.currentTarget;
    setPending(true);
    setErrors({});
    setStatus(null);
    const error = await downloadArchive("/api/account/export", reauthOf(new FormData(formEl), twoFactor));
    setPending(false);
    if (error) {
      setErrors(fieldErrors(error));
      setStatus({ tone: "error", text: error.message });
      return;
    }
    formEl.reset();
    setStatus({ tone: "success", text: "Your data export has been downloaded." });
  }
  return (
    <form method="post" onSubmit={onSubmit} className="space-y-4" aria-label="Download my data">
      {status ? <Notice tone={status.tone}>{status.text}</Notice> : null}
      <Field
        id="export-current-password"
        label="Current password"
        name="currentPassword"
        type="password"
        autoComplete="current-password"
        required
        maxLength={256}
        error={errors.currentPassword}
      />
      <CodeField id="export-code" twoFactor={twoFactor} error={errors.code} />
      <SubmitButton pending={pending} pendingText="Preparing…">
        Download my data
      </SubmitButton>
    </form>
  );
}

/** Admin: the export of a user who asked by email. */
export function AdminExportForm() {
  const [pending, setPending] = useState(false);
  const [status, setStatus] = useState<Status>(null);
  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    setStatus(null);
    const error = await downloadArchive("/api/admin/privacy/export", {
      email: String(form.get("email") ?? ""),
      note: String(form.get("note") ?? ""),
    });
    setPending(false);
    setStatus(
      error ? { tone: "error", text: error.message } : { tone: "success", text: "Export downloaded." },
    );
  }
  return (
    <form method="post" onSubmit={onSubmit} className="space-y-4" aria-label="Export a user's data">
      {status ? <Notice tone={status.tone}>{status.text}</Notice> : null}
      <Field label="Account email" name="email" type="email" required maxLength={254} />
      <Field
        label="Note"
        name="note"
        required
        maxLength={500}
        hint="Who asked, when, and how you checked it was the account holder."
      />
      <SubmitButton pending={pending} pendingText="Preparing…">
        Download their data
      </SubmitButton>
    </form>
  );
}

export function DeleteAccountForm({
  twoFactor,
  ptToForfeit,
  graceDays,
}: {
  twoFactor: boolean;
  ptToForfeit: string;
  graceDays: number;
}) {
  const [pending, setPending] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [status, setStatus] = useState<Status>(null);
  const [done, setDone] = useState<string | null>(null);
  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    setErrors({});
    setStatus(null);
    const result = await api<{ dueAt: string }>("/api/account", {
      method: "DELETE",
      body: { ...reauthOf(form, twoFactor), confirmForfeit: form.get("confirmForfeit") === "on" },
    });
    setPending(false);
    if (result.ok) {
      setDone(new Date(result.data.dueAt).toUTCString());
      return;
    }
    setErrors(fieldErrors(result.error));
    setStatus({ tone: "error", text: result.error.message });
  }
  const pt = BigInt(ptToForfeit);
  if (done)
    return (
      <Notice tone="success">
        <span data-testid="deletion-scheduled">
          Your account will be deleted on {done}. You have been signed out everywhere; sign in before then to
          cancel. We sent you an email with the details.
        </span>
      </Notice>
    );
  return (
    <form method="post" onSubmit={onSubmit} className="space-y-4" aria-label="Delete my account">
      <Notice tone="error">
        <strong>This deletes your account.</strong>{" "}
        {pt > 0n ? (
          <>
            The <strong data-testid="pt-to-forfeit">{pt.toLocaleString("en-US")} PT</strong> left on your
            account will be forfeited, with no refund.{" "}
          </>
        ) : null}
        You will be signed out everywhere. The deletion happens{" "}
        {graceDays === 0 ? "at the next daily run" : `${graceDays} day${graceDays === 1 ? "" : "s"} from now`}
        ; signing in before then cancels it.
      </Notice>
      {status ? <Notice tone={status.tone}>{status.text}</Notice> : null}
      <label className="flex items-start gap-2 text-sm text-slate-700">
        <input type="checkbox" name="confirmForfeit" required className="mt-1" />
        <span>
          I understand that my conversations and profile will be erased
          {pt > 0n ? " and my remaining PT forfeited" : ""}.
        </span>
      </label>
      {errors.confirmForfeit ? <p className="text-sm text-red-700">{errors.confirmForfeit}</p> : null}
      <Field
        id="delete-current-password"
        label="Current password"
        name="currentPassword"
        type="password"
        autoComplete="current-password"
        required
        maxLength={256}
        error={errors.currentPassword}
      />
      <CodeField id="delete-code" twoFactor={twoFactor} error={errors.code} />
      <SubmitButton pending={pending} pendingText="Scheduling…" tone="danger">
        Delete my account
      </SubmitButton>
    </form>
  );
}

/** "Keep my conversation history": a checkbox saved at once. */
export function KeepHistoryToggle({ initial }: { initial: boolean }) {
  const [keep, setKeep] = useState(initial);
  const [pending, setPending] = useState(false);
  const [status, setStatus] = useState<Status>(null);
  async function toggle(next: boolean) {
    setPending(true);
    setStatus(null);
    const result = await api<{ keepHistory: boolean }>("/api/account/privacy", {
      method: "PUT",
      body: { keepHistory: next },
    });
    setPending(false);
    if (result.ok) {
      setKeep(result.data.keepHistory);
      setStatus({ tone: "success", text: "Saved." });
    } else setStatus({ tone: "error", text: result.error.message });
  }
  return (
    <div className="space-y-3">
      <label className="flex items-start gap-2 text-sm text-slate-700">
        <input
          type="checkbox"
          name="keepHistory"
          checked={keep}
          disabled={pending}
          onChange={(e) => void toggle(e.currentTarget.checked)}
          className="mt-1"
        />
        <span>
          Keep my conversation history. When off, the text of each conversation is erased a day after its last
          message (the PT it used stays on your ledger).
        </span>
      </label>
      {status ? <Notice tone={status.tone}>{status.text}</Notice> : null}
    </div>
  );
}
