"use client";
// The cookie banner: Accept all, Reject all and Customise, equally prominent; shown until the
// visitor chooses, and again from "Cookie settings" in the footer. The choice is posted to
// /api/consent (first-party cookie, and server-side for signed-in users), then Google Consent Mode
// is updated and GA4 loads only if analytics was granted and an id is configured. Withdrawing
// analytics removes Google's cookies.
import { useEffect, useState } from "react";
import { COOKIE_SETTINGS_EVENT } from "@/components/legal/events";

type Choice = { analytics: boolean; marketing: boolean };
type Signal = "granted" | "denied";

declare global {
  interface Window {
    gtag?: (...args: unknown[]) => void;
  }
}

const button =
  "min-w-32 flex-1 rounded-lg border border-slate-400 bg-page px-4 py-2 text-sm font-semibold text-ink hover:bg-slate-100 sm:flex-none";

function signals(c: Choice): Record<string, Signal> {
  const g = (on: boolean): Signal => (on ? "granted" : "denied");
  return {
    ad_storage: g(c.marketing),
    ad_user_data: g(c.marketing),
    ad_personalization: g(c.marketing),
    analytics_storage: g(c.analytics),
  };
}

function loadGa4(id: string, nonce: string | undefined) {
  if (document.getElementById("ga4-loader")) return;
  const script = document.createElement("script");
  script.id = "ga4-loader";
  script.async = true;
  script.src = `https://www.googletagmanager.com/gtag/js?id=${encodeURIComponent(id)}`;
  if (nonce) script.nonce = nonce;
  document.head.appendChild(script);
  window.gtag?.("js", new Date());
  window.gtag?.("config", id);
}

function removeGaCookies() {
  const host = window.location.hostname;
  for (const part of document.cookie.split(";")) {
    const name = part.split("=")[0]?.trim() ?? "";
    if (name === "_ga" || name.startsWith("_ga_") || name === "_gid") {
      for (const domain of ["", `; domain=${host}`, `; domain=.${host}`]) {
        // biome-ignore lint/suspicious/noDocumentCookie: the Cookie Store API is missing in Firefox; this only expires cookies.
        document.cookie = `${name}=; Max-Age=0; path=/${domain}`;
      }
    }
  }
}

export function ConsentBanner({
  initial,
  ga4Id,
  nonce,
}: {
  initial: Choice | null;
  ga4Id?: string;
  nonce?: string;
}) {
  const [open, setOpen] = useState(initial === null);
  const [customising, setCustomising] = useState(false);
  const [choice, setChoice] = useState<Choice>(initial ?? { analytics: false, marketing: false });
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    // The inline Consent Mode script already applied the cookie's choice; a signed-in user's stored
    // choice on a new browser arrives here.
    if (initial) window.gtag?.("consent", "update", signals(initial));
    if (initial?.analytics && ga4Id) loadGa4(ga4Id, nonce);
  }, [initial, ga4Id, nonce]);

  useEffect(() => {
    const reopen = () => {
      setCustomising(true);
      setOpen(true);
    };
    window.addEventListener(COOKIE_SETTINGS_EVENT, reopen);
    return () => window.removeEventListener(COOKIE_SETTINGS_EVENT, reopen);
  }, []);

  async function save(next: Choice) {
    setError(null);
    const res = await fetch("/api/consent", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(next),
      credentials: "same-origin",
    }).catch(() => null);
    if (!res?.ok) {
      setError("Your choice could not be saved. Try again.");
      return;
    }
    setChoice(next);
    window.gtag?.("consent", "update", signals(next));
    if (next.analytics && ga4Id) loadGa4(ga4Id, nonce);
    if (!next.analytics) removeGaCookies();
    setOpen(false);
    setCustomising(false);
  }

  if (!open) return null;
  return (
    <section
      aria-labelledby="consent-h"
      data-testid="consent-banner"
      className="fixed inset-x-0 bottom-0 z-50 border-t border-slate-300 bg-page p-4 shadow-2xl"
    >
      <div className="mx-auto max-w-4xl space-y-3">
        <h2 id="consent-h" className="font-semibold text-ink">
          Cookies
        </h2>
        <p className="text-sm text-slate-700">
          We use necessary cookies to sign you in and keep the service secure. With your consent we would also
          use analytics and marketing cookies. You can change your choice at any time under “Cookie settings”
          in the footer.{" "}
          <a href="/legal/cookies" className="text-brand-600 underline">
            Cookie policy
          </a>
        </p>
        {customising ? (
          <fieldset className="space-y-2 text-sm text-slate-800">
            <legend className="sr-only">Cookie categories</legend>
            <label className="flex items-center gap-2">
              <input type="checkbox" checked disabled className="h-4 w-4" /> Necessary (always on)
            </label>
            <label className="flex items-center gap-2">
              <input
                type="checkbox"
                name="analytics"
                checked={choice.analytics}
                onChange={(e) => setChoice({ ...choice, analytics: e.target.checked })}
                className="h-4 w-4"
              />{" "}
              Analytics
            </label>
            <label className="flex items-center gap-2">
              <input
                type="checkbox"
                name="marketing"
                checked={choice.marketing}
                onChange={(e) => setChoice({ ...choice, marketing: e.target.checked })}
                className="h-4 w-4"
              />{" "}
              Marketing
            </label>
          </fieldset>
        ) : null}
        {error ? (
          <p role="alert" className="text-sm text-red-700">
            {error}
          </p>
        ) : null}
        <div className="flex flex-wrap gap-2">
          <button
            type="button"
            className={button}
            onClick={() => void save({ analytics: true, marketing: true })}
          >
            Accept all
          </button>
          <button
            type="button"
            className={button}
            onClick={() => void save({ analytics: false, marketing: false })}
          >
            Reject all
          </button>
          {customising ? (
            <button type="button" className={button} onClick={() => void save(choice)}>
              Save choices
            </button>
          ) : (
            <button type="button" className={button} onClick={() => setCustomising(true)}>
              Customise
            </button>
          )}
        </div>
      </div>
    </section>
  );
}
