// Admin: operator settings — the identity shown on every page, in mail and in the legal documents
// (each field empty = the env default), and per legal document the versions in force and
// announced, with a form to publish a new one. Every save is audited.
import type { Metadata } from "next";
import Link from "next/link";
import { ActionForm, type FieldSpec } from "@/components/admin/action-form";
import { BrandAssetForm } from "@/components/admin/brand-asset-form";
import { AdminPage } from "@/components/admin/ui";
import { requireAdminPage } from "@/lib/auth/current-user";
import { getDb } from "@/lib/db";
import { DOCUMENTS, timelineAt, utcDay } from "@/lib/legal/versions";
import { getBrandAsset, logoPath } from "@/lib/settings/brand-assets";
import { LEGAL_DOCUMENT_IDS, readLegalOverrides } from "@/lib/settings/legal";
import type { OperatorOverrides, OperatorSettings } from "@/lib/settings/operator";
import { envOperatorDefaults, readOperatorOverrides } from "@/lib/settings/operator";

export const metadata: Metadata = { title: "Admin · Settings" };
export const dynamic = "force-dynamic";

const IDENTITY: { name: keyof OperatorOverrides; label: string }[] = [
  { name: "productName", label: "Product name" },
  { name: "logoUrl", label: "Logo URL (https:// or a path on this site)" },
  { name: "accentColor", label: "Accent colour (#rrggbb)" },
  { name: "legalEntity", label: "Legal entity name" },
  { name: "legalAddress", label: "Legal address" },
  { name: "supportEmail", label: "Support email" },
  { name: "jurisdiction", label: "Jurisdiction (courts)" },
  { name: "governingLaw", label: "Governing law" },
  { name: "vatId", label: "VAT / tax id" },
];

function identityFields(overrides: OperatorOverrides, defaults: OperatorSettings): FieldSpec[] {
  return IDENTITY.map(({ name, label }) => ({
    name,
    label,
    type: name === "legalAddress" ? "textarea" : "text",
    defaultValue: overrides[name],
    placeholder: defaults[name] ?? "",
    hint: `Empty: ${defaults[name] ? `the default (${defaults[name]})` : "not set"}.`,
  }));
}

export default async function AdminSettingsPage() {
  await requireAdminPage("/admin/settings");
  const db = await getDb();
  const [overrides, legal, logo, favicon] = await Promise.all([
    readOperatorOverrides(db),
    readLegalOverrides(db),
    getBrandAsset(db, "logo"),
    getBrandAsset(db, "favicon"),
  ]);
  const defaults = envOperatorDefaults();
  const today = utcDay(new Date());
  return (
    <AdminPage title="Settings" active="/admin/settings">
      <section aria-labelledby="identity-h" className="max-w-2xl rounded-xl border border-slate-200 p-4">
        <h2 id="identity-h" className="mb-1 text-lg font-semibold">
          Operator identity
        </h2>
        <p className="mb-3 text-sm text-slate-600">
          Shown in the header, page titles, link previews, emails (and their From name), the status page and
          the legal documents. Changes reach every server within ten seconds.
        </p>
        <ActionForm
          action="/api/admin/settings"
          submitLabel="Save identity"
          fields={identityFields(overrides, defaults)}
        />
      </section>
      <section
        aria-labelledby="images-h"
        className="max-w-2xl space-y-4 rounded-xl border border-slate-200 p-4"
      >
        <h2 id="images-h" className="mb-1 text-lg font-semibold">
          Logo and favicon
        </h2>
        <p className="text-sm text-slate-600">
          An uploaded logo replaces the logo URL above. SVG files are sanitised (scripts, event handlers and
          external references are removed). Without a favicon, the product's initial on the accent colour is
          used.
        </p>
        <BrandAssetForm kind="logo" current={logo ? logoPath(logo) : null} />
        <BrandAssetForm
          kind="favicon"
          current={favicon ? `/favicon.ico?v=${favicon.sha256.slice(0, 12)}` : null}
        />
      </section>
      {LEGAL_DOCUMENT_IDS.map((id) => {
        const { current, upcoming } = timelineAt(id, legal[id], today);
        const next = upcoming[upcoming.length - 1];
        return (
          <section
            key={id}
            aria-labelledby={`legal-${id}-h`}
            className="max-w-2xl rounded-xl border border-slate-200 p-4"
          >
            <h2 id={`legal-${id}-h`} className="mb-1 text-lg font-semibold">
              {DOCUMENTS[id].title}
            </h2>
            <p className="text-sm text-slate-600">
              In force: version {current.version}, effective {current.effectiveDate}
              {current.source === "operator"
                ? current.markdown
                  ? " (your text)"
                  : " (your version of the built-in text)"
                : " (built-in)"}
              .{" "}
              <Link className="underline" href={DOCUMENTS[id].path}>
                View
              </Link>
            </p>
            {upcoming.map((u) => (
              <p key={u.version} className="text-sm text-slate-600">
                Announced: version {u.version}, takes effect {u.effectiveDate}.{" "}
                <Link
                  className="underline"
                  href={`${DOCUMENTS[id].path}?version=${encodeURIComponent(u.version)}`}
                >
                  View
                </Link>
              </p>
            ))}
            <p className="mb-3 mt-2 text-sm text-slate-600">
              Publish a new version with its effective date (today or later) and a summary of changes; a
              version in force never changes. Until its date the current version stays in force and signed-in
              users see the announcement; from that date every user is asked to accept a new Terms or Privacy
              Policy. A version not yet in force can be corrected by saving it again under the same number.
            </p>
            <ActionForm
              action="/api/admin/settings/legal"
              submitLabel={`Publish ${DOCUMENTS[id].title}`}
              extra={{ document: id }}
              fields={[
                {
                  name: "version",
                  label: "Version",
                  required: true,
                  placeholder: next ? `after ${next.version}` : `after ${current.version}`,
                },
                {
                  name: "effectiveDate",
                  label: "Effective date (YYYY-MM-DD)",
                  placeholder: today,
                  hint: "Empty: today.",
                },
                { name: "summary", label: "Summary of changes", type: "textarea", required: true },
                {
                  name: "markdown",
                  label: "Text (markdown; empty: the built-in template)",
                  type: "textarea",
                  rows: 10,
                },
              ]}
            />
            {legal[id]?.some((v) => !v.withdrawn) ? (
              <div className="mt-3">
                <ActionForm
                  action="/api/admin/settings/legal"
                  submitLabel="Withdraw my versions"
                  tone="danger"
                  extra={{ document: id }}
                  confirm={`Withdraw every version you published of the ${DOCUMENTS[id].title}? The built-in document applies again, and users are asked to accept it.`}
                />
              </div>
            ) : null}
          </section>
        );
      })}
    </AdminPage>
  );
}
