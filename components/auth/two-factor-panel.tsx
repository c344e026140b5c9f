"use client";
// Two-factor settings: set up (re-authenticate → scan the QR code → confirm a code → save the
// recovery codes), regenerate recovery codes, or turn it off.
import { type FormEvent, useState } from "react";
import { Field, Notice, SubmitButton } from "@/components/auth/form-parts";
import { api, fieldErrors } from "@/lib/auth/client";

type Setup = { secret: string; otpauthUrl: string; qrDataUrl: string };

export function TwoFactorPanel({
  enabled,
  recoveryCodesLeft,
}: {
  enabled: boolean;
  recoveryCodesLeft: number;
}) {
  const [stage, setStage] = useState<"idle" | "scan" | "codes">("idle");
  const [setup, setSetup] = useState<Setup | null>(null);
  const [codes, setCodes] = useState<string[]>([]);
  const [copied, setCopied] = useState(false);
  const [pending, setPending] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [isOn, setIsOn] = useState(enabled);

  async function call<T>(path: string, body: unknown): Promise<T | null> {
    setPending(true);
    setErrors({});
    setError(null);
    const result = await api<T>(path, { body });
    setPending(false);
    if (result.ok) return result.data;
    setErrors(fieldErrors(result.error));
    setError(result.error.message);
    return null;
  }
  const reauth = (form: FormData) => ({
    currentPassword: String(form.get("currentPassword") ?? ""),
    code: isOn ? String(form.get("code") ?? "") : undefined,
  });

  async function begin(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = await call<Setup>(
      "/api/account/two-factor/setup",
      reauth(new FormData(event.currentTarget)),
    );
    if (data) {
      setSetup(data);
      setStage("scan");
    }
  }
  async function confirm(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const code = String(new FormData(event.currentTarget).get("totp") ?? "");
    const data = await call<{ recoveryCodes: string[] }>("/api/account/two-factor/enable", { code });
    if (data) {
      setCodes(data.recoveryCodes);
      setIsOn(true);
      setStage("codes");
    }
  }
  async function regenerate(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = await call<{ recoveryCodes: string[] }>(
      "/api/account/two-factor/recovery-codes",
      reauth(new FormData(event.currentTarget)),
    );
    if (data) {
      setCodes(data.recoveryCodes);
      setStage("codes");
    }
  }
  async function disable(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (await call("/api/account/two-factor/disable", reauth(new FormData(event.currentTarget)))) {
      setIsOn(false);
      setStage("idle");
    }
  }

  const reauthFields = (prefix: string) => (
    <>
      <Field
        id={`${prefix}-password`}
        label="Current password"
        name="currentPassword"
        type="password"
        autoComplete="current-password"
        required
        maxLength={256}
        error={errors.currentPassword}
      />
      {isOn ? (
        <Field
          id={`${prefix}-code`}
          label="Authentication code"
          name="code"
          autoComplete="one-time-code"
          required
          maxLength={32}
          error={errors.code}
        />
      ) : null}
    </>
  );

  if (stage === "codes") {
    return (
      <div className="space-y-3">
        <Notice tone="success">
          Two-factor authentication is on. Save these recovery codes now: each works once, and they are shown
          only this time.
        </Notice>
        <ul
          aria-label="Recovery codes"
          className="grid grid-cols-2 gap-2 rounded-lg border border-slate-200 bg-slate-50 p-4 font-mono text-sm"
        >
          {codes.map((c) => (
            <li key={c}>{c}</li>
          ))}
        </ul>
        <div className="flex flex-wrap gap-2">
          <button
            type="button"
            onClick={() => {
              navigator.clipboard
                .writeText(recoveryCodesText(codes))
                .then(() => setCopied(true))
                .catch(() => setCopied(false));
            }}
            className="rounded-lg border border-slate-300 px-3 py-2 text-sm font-medium hover:bg-slate-50"
          >
            {copied ? "Copied" : "Copy codes"}
          </button>
          <a
            href={`data:text/plain;charset=utf-8,${encodeURIComponent(recoveryCodesText(codes))}`}
            download="ledgerchat-recovery-codes.txt"
            className="rounded-lg border border-slate-300 px-3 py-2 text-sm font-medium hover:bg-slate-50"
          >
            Download .txt
          </a>
          <button
            type="button"
            onClick={() => window.location.reload()}
            className="rounded-lg border border-slate-300 px-3 py-2 text-sm font-medium hover:bg-slate-50"
          >
            I have saved them
          </button>
        </div>
        {copied ? (
          <p role="status" className="text-sm text-slate-600">
            The codes are on your clipboard.
          </p>
        ) : null}
      </div>
    );
  }
  if (stage === "scan" && setup) {
    return (
      <form method="post" onSubmit={confirm} className="space-y-4" aria-label="Confirm two-factor setup">
        {error ? <Notice tone="error">{error}</Notice> : null}
        <p className="text-slate-600">
          Scan this code with your authenticator app, then enter the 6-digit code it shows.
        </p>
        {/* biome-ignore lint/performance/noImgElement: a data: URL QR code needs no optimisation */}
        <img
          src={setup.qrDataUrl}
          alt="QR code for your authenticator app"
          width={240}
          height={240}
          className="rounded border border-slate-200"
        />
        <p className="text-sm text-slate-600">
          Can’t scan? Enter this key:{" "}
          <code data-testid="totp-secret" className="break-all font-mono">
            {setup.secret}
          </code>
        </p>
        <Field
          label="6-digit code"
          name="totp"
          inputMode="numeric"
          autoComplete="one-time-code"
          pattern="\d{6}"
          maxLength={6}
          required
          error={errors.code}
        />
        <SubmitButton pending={pending} pendingText="Checking…">
          Turn on two-factor authentication
        </SubmitButton>
      </form>
    );
  }
  if (!isOn) {
    return (
      <form
        method="post"
        onSubmit={begin}
        className="space-y-4"
        aria-label="Set up two-factor authentication"
      >
        {error ? <Notice tone="error">{error}</Notice> : null}
        <p className="text-slate-600">
          Two-factor authentication is off. Confirm your password to set it up.
        </p>
        {reauthFields("setup")}
        <SubmitButton pending={pending} pendingText="Preparing…">
          Set up two-factor authentication
        </SubmitButton>
      </form>
    );
  }
  return (
    <div className="space-y-6">
      <Notice tone="success">
        Two-factor authentication is on. {recoveryCodesLeft} recovery code(s) left.
      </Notice>
      {error ? <Notice tone="error">{error}</Notice> : null}
      <form method="post" onSubmit={regenerate} className="space-y-4" aria-label="New recovery codes">
        <h3 className="font-semibold text-ink">New recovery codes</h3>
        {reauthFields("regenerate")}
        <SubmitButton pending={pending}>Generate new recovery codes</SubmitButton>
      </form>
      <form
        method="post"
        onSubmit={disable}
        className="space-y-4"
        aria-label="Turn off two-factor authentication"
      >
        <h3 className="font-semibold text-ink">Turn off</h3>
        {reauthFields("disable")}
        <SubmitButton pending={pending}>Turn off two-factor authentication</SubmitButton>
      </form>
    </div>
  );
}

/** The codes as a small text file (one per line, with what they are for). */
function recoveryCodesText(codes: string[]): string {
  return `Ledgerchat recovery codes (each works once)\n\n${codes.join("\n")}\n`;
}
