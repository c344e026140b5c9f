// Security headers for every response, and the per-request CSP. Pure functions so the proxy
// stays tiny and the policy is unit-testable.

export const REQUEST_ID_HEADER = "x-request-id";
export const NONCE_HEADER = "x-nonce";

// An incoming id is reused only when it is short and made of safe characters: anything else
// (newlines, control bytes, header injection attempts) gets a fresh id.
const REQUEST_ID_PATTERN = /^[A-Za-z0-9._:-]{8,128}$/;

export function isValidRequestId(value: string | null | undefined): value is string {
  return typeof value === "string" && REQUEST_ID_PATTERN.test(value);
}

export function resolveRequestId(incoming: string | null | undefined): string {
  return isValidRequestId(incoming) ? incoming : crypto.randomUUID();
}

export function generateNonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes));
}

/**
 * Scripts run only with this request's nonce ('strict-dynamic' lets Next's own chunks load).
 * Styles allow inline attributes because React style props need them; scripts never do.
 * Development adds 'unsafe-eval' for React Refresh only. connectOrigins adds hosts the browser
 * may call (the Sentry ingest origin, only when a browser DSN is configured).
 */
export function contentSecurityPolicy(
  nonce: string,
  isDev: boolean,
  connectOrigins: string[] = [],
  /** Origins of an optional third-party tag (GA4, only when configured): scripts, beacons, pixels. */
  tagOrigins: string[] = [],
): string {
  const connect = ["'self'", ...connectOrigins, ...tagOrigins, ...(isDev ? ["ws:", "wss:"] : [])].join(" ");
  // Host sources beside 'strict-dynamic' only matter to browsers without CSP3 (which ignore it).
  const scriptHosts = tagOrigins.length > 0 ? ` ${tagOrigins.join(" ")}` : "";
  const imgHosts = tagOrigins.length > 0 ? ` ${tagOrigins.join(" ")}` : "";
  const directives = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${scriptHosts}${isDev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    `img-src 'self' blob: data:${imgHosts}`,
    "font-src 'self'",
    `connect-src ${connect}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    "frame-src 'none'",
    "worker-src 'self' blob:",
    "manifest-src 'self'",
  ];
  return directives.join("; ");
}

export const PERMISSIONS_POLICY = [
  "accelerometer=()",
  "autoplay=()",
  "bluetooth=()",
  "camera=()",
  "display-capture=()",
  "geolocation=()",
  "gyroscope=()",
  "hid=()",
  "magnetometer=()",
  "microphone=()",
  "midi=()",
  "payment=()",
  "serial=()",
  "usb=()",
  "xr-spatial-tracking=()",
  "browsing-topics=()",
].join(", ");

/** The static security headers, identical on every response. */
/** CSP of API responses: they are data, never documents, so nothing may load or frame them. */
export const API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

export function staticSecurityHeaders(): Record<string, string> {
  return {
    "Strict-Transport-Security": "max-age=63072000; includeSubDomains",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Permissions-Policy": PERMISSIONS_POLICY,
    "Cross-Origin-Opener-Policy": "same-origin",
    "X-Frame-Options": "DENY",
  };
}

/** The origin of a Sentry DSN ("https://key@o1.ingest.sentry.io/1" → "https://o1.ingest.sentry.io"). */
export function sentryIngestOrigin(dsn: string | undefined): string | undefined {
  if (!dsn) return undefined;
  try {
    const url = new URL(dsn);
    return url.protocol === "https:" || url.protocol === "http:" ? url.origin : undefined;
  } catch {
    return undefined;
  }
}

/** Where GA4's gtag.js loads from and reports to (lib/consent; allowed only with ANALYTICS_GA4_ID). */
export const GA4_ORIGINS = [
  "https://www.googletagmanager.com",
  "https://*.google-analytics.com",
  "https://*.analytics.google.com",
];
