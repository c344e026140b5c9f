// Admin: feature flags. Each flag with its default (code), its FEATURE_FLAGS value, the admin
// override and the value in force; turning one on or off, or clearing the override, asks first
// and is audited. Precedence: admin override > FEATURE_FLAGS > default (lib/settings/flags.ts).
import type { Metadata } from "next";
import Link from "next/link";
import { ActionForm } from "@/components/admin/action-form";
import { AdminPage } from "@/components/admin/ui";
import { requireAdminPage } from "@/lib/auth/current-user";
import { getDb } from "@/lib/db";
import type { FlagState } from "@/lib/settings/flags";
import { flagStates } from "@/lib/settings/flags";

export const metadata: Metadata = { title: "Admin · Feature flags" };
export const dynamic = "force-dynamic";

const onOff = (v: boolean | undefined) => (v === undefined ? "—" : v ? "on" : "off");

const SOURCE: Record<FlagState["source"], string> = {
  admin: "admin override",
  env: "FEATURE_FLAGS",
  default: "default",
};

function Badge({ on }: { on: boolean }) {
  return (
    <span
      className={
        on
          ? "rounded-full bg-emerald-100 px-2.5 py-0.5 text-sm font-semibold text-emerald-900 dark:bg-emerald-900 dark:text-emerald-50"
          : "rounded-full bg-slate-200 px-2.5 py-0.5 text-sm font-semibold text-slate-800 dark:bg-slate-700 dark:text-slate-50"
      }
    >
      {on ? "On" : "Off"}
    </span>
  );
}

function FlagCard({ flag }: { flag: FlagState }) {
  const fallback = flag.env ?? flag.default;
  const layers: [string, string][] = [
    ["Default", onOff(flag.default)],
    ["FEATURE_FLAGS", onOff(flag.env)],
    ["Admin override", onOff(flag.override)],
  ];
  return (
    <section
      aria-labelledby={`flag-${flag.name}`}
      className="rounded-xl border border-slate-200 p-4"
      data-testid={`flag-${flag.name}`}
    >
      <div className="flex flex-wrap items-center gap-3">
        <h2 id={`flag-${flag.name}`} className="font-mono text-lg font-semibold text-ink">
          {flag.name}
        </h2>
        <Badge on={flag.effective} />
        <span className="text-sm text-slate-600">from the {SOURCE[flag.source]}</span>
      </div>
      <p className="mt-2 max-w-3xl text-sm text-slate-700">{flag.description}</p>
      <p className="mt-1 text-xs text-slate-600">
        Owner: <code className="font-mono">{flag.owner}</code>
      </p>
      <dl className="mt-3 grid max-w-xl grid-cols-2 gap-2 text-sm sm:grid-cols-3">
        {layers.map(([label, value]) => (
          <div key={label} className="rounded-lg bg-slate-50 px-3 py-2">
            <dt className="text-xs text-slate-600">{label}</dt>
            <dd className="font-medium text-ink">{value}</dd>
          </div>
        ))}
      </dl>
      <div className="mt-3 flex flex-wrap items-start gap-3">
        <ActionForm
          action="/api/admin/flags"
          submitLabel={flag.effective ? `Turn off ${flag.name}` : `Turn on ${flag.name}`}
          extra={{ name: flag.name, enabled: !flag.effective }}
          tone={flag.effective ? "danger" : "primary"}
          confirm={
            flag.effective
              ? `Turn ${flag.name} off for everyone? ${flag.description.split(". Off: ")[1] ?? "The feature is hidden."} Every server follows within ten seconds.`
              : `Turn ${flag.name} on for everyone? Every server follows within ten seconds.`
          }
        />
        {flag.override !== undefined ? (
          <ActionForm
            action="/api/admin/flags"
            submitLabel={`Clear override of ${flag.name}`}
            extra={{ name: flag.name, enabled: null }}
            confirm={`Clear the admin override of ${flag.name}? It goes back to ${onOff(fallback)} (${flag.env === undefined ? "its default" : "FEATURE_FLAGS"}).`}
          />
        ) : null}
      </div>
    </section>
  );
}

export default async function AdminFlagsPage() {
  await requireAdminPage("/admin/flags");
  const flags = await flagStates(await getDb());
  return (
    <AdminPage title="Feature flags" active="/admin/flags">
      <p className="max-w-3xl text-sm text-slate-700">
        A flag in force comes from the admin override when one is set, else from the{" "}
        <code className="font-mono">FEATURE_FLAGS</code> environment variable, else from its default in the
        code. Ship a feature dark by turning it off here (or with{" "}
        <code className="font-mono">FEATURE_FLAGS=name=off</code>), and clear the override to go back to what
        the deployment says. Every change is in the{" "}
        <Link className="underline" href="/admin/audit?action=settings.flag">
          audit log
        </Link>
        .
      </p>
      {flags.map((flag) => (
        <FlagCard key={flag.name} flag={flag} />
      ))}
    </AdminPage>
  );
}
