"use client";
// Small accessible form building blocks shared by the auth forms: a labelled field with its
// error tied by aria-describedby, a submit button with a loading state, and a status banner.
// Buttons stay disabled until React has hydrated: a click before that would do nothing, and a
// native submit would send the fields to the page URL.
import { type InputHTMLAttributes, type ReactNode, useSyncExternalStore } from "react";

const noop = () => () => undefined;

/** False during server rendering and hydration, true once the client has taken over. */
export function useHydrated(): boolean {
  return useSyncExternalStore(
    noop,
    () => true,
    () => false,
  );
}

type FieldProps = InputHTMLAttributes<HTMLInputElement> & {
  label: string;
  name: string;
  error?: string;
  hint?: ReactNode;
};

export function Field({ label, name, error, hint, id, ...input }: FieldProps) {
  const inputId = id ?? `field-${name}`;
  const describedBy = [error ? `${inputId}-error` : null, hint ? `${inputId}-hint` : null]
    .filter(Boolean)
    .join(" ");
  return (
    <div className="space-y-1">
      <label htmlFor={inputId} className="block text-sm font-medium text-slate-800">
        {label}
      </label>
      <input
        id={inputId}
        name={name}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy || undefined}
        className="block w-full rounded-lg border border-slate-300 px-3 py-2 text-base text-ink shadow-sm focus:border-brand-600 focus:outline-none focus:ring-2 focus:ring-brand-600/30 aria-[invalid=true]:border-red-500"
        {...input}
      />
      {hint ? (
        <p id={`${inputId}-hint`} className="text-sm text-slate-500">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={`${inputId}-error`} className="text-sm text-red-700">
          {error}
        </p>
      ) : null}
    </div>
  );
}

export function SubmitButton({
  pending,
  children,
  pendingText,
  tone = "primary",
}: {
  pending: boolean;
  children: ReactNode;
  pendingText?: string;
  /** "danger" for an irreversible action (account deletion). */
  tone?: "primary" | "danger";
}) {
  const hydrated = useHydrated();
  const colours =
    tone === "danger"
      ? "bg-red-700 hover:bg-red-800 focus-visible:ring-red-700"
      : "bg-brand-600 hover:bg-brand-700 focus-visible:ring-brand-600";
  return (
    <button
      type="submit"
      disabled={pending || !hydrated}
      aria-busy={pending || undefined}
      className={`inline-flex w-full items-center justify-center rounded-lg px-4 py-2.5 font-semibold text-white shadow-sm focus:outline-none focus-visible:ring-2 focus-visible:ring-offset-2 disabled:opacity-60 sm:w-auto ${colours}`}
    >
      {pending ? (pendingText ?? "Please wait…") : children}
    </button>
  );
}

export function Notice({ tone, children }: { tone: "error" | "success" | "info"; children: ReactNode }) {
  const styles = {
    error: "border-red-200 bg-red-50 text-red-800",
    success: "border-green-200 bg-green-50 text-green-800",
    info: "border-slate-200 bg-slate-50 text-slate-700",
  }[tone];
  return (
    <div
      role={tone === "error" ? "alert" : "status"}
      className={`rounded-lg border px-3 py-2 text-sm ${styles}`}
    >
      {children}
    </div>
  );
}

export function AuthCard({
  title,
  children,
  footer,
}: {
  title: string;
  children: ReactNode;
  footer?: ReactNode;
}) {
  return (
    <div className="mx-auto w-full max-w-md px-4 py-12 sm:px-6 sm:py-16">
      <h1 className="text-2xl font-bold text-ink">{title}</h1>
      <div className="mt-6 space-y-4">{children}</div>
      {footer ? <div className="mt-6 space-y-2 text-sm text-slate-600">{footer}</div> : null}
    </div>
  );
}
