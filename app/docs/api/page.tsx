// /docs/api: the interactive reference of the public API, rendered by Scalar from the OpenAPI
// document at /api/openapi.json (generated from the routes' own zod schemas). A plain link to the
// document and to the written guide stays usable without JavaScript. Not found while the
// public_api flag is off.
import type { Metadata } from "next";
import { headers } from "next/headers";
import Link from "next/link";
import { notFound } from "next/navigation";
import { ApiReference } from "@/components/docs/api-reference";
import { NONCE_HEADER } from "@/lib/http/security-headers";
import { isEnabled } from "@/lib/settings/flags";

export const metadata: Metadata = { title: "API reference" };
export const dynamic = "force-dynamic";

/** The bundle's version, in its URL, so a new Scalar is never served from a stale browser cache. */
const SCALAR_VERSION = "1.76.4";

export default async function ApiDocsPage() {
  if (!(await isEnabled("public_api"))) notFound();
  const nonce = (await headers()).get(NONCE_HEADER) ?? undefined;
  return (
    <div className="mx-auto w-full max-w-7xl px-2 py-6 sm:px-4">
      <h1 className="sr-only">API reference</h1>
      <p className="px-2 text-sm text-slate-700">
        The OpenAI-compatible API and the JSON API of your account, with authentication, errors, rate limits
        per plan and the changelog. The document itself is{" "}
        <a className="font-medium text-brand-700 underline" href="/api/openapi.json">
          /api/openapi.json
        </a>{" "}
        (OpenAPI 3.1); keys are made on{" "}
        <Link className="font-medium text-brand-700 underline" href="/account/api-keys">
          /account/api-keys
        </Link>
        .
      </p>
      <noscript>
        <p className="px-2 pt-2 text-sm">The interactive reference needs JavaScript.</p>
      </noscript>
      <ApiReference nonce={nonce} version={SCALAR_VERSION} />
    </div>
  );
}
