// Reads mail from the dev mailbox (/dev/mail, plain HTML with data-* attributes), polling until
// the mail appears: the outbox worker sends a moment after the request that enqueued it.
import type { APIRequestContext } from "@playwright/test";

function decodeHtml(value: string): string {
  return value
    .replaceAll("&amp;", "&")
    .replaceAll("&quot;", '"')
    .replaceAll("&#x27;", "'")
    .replaceAll("&lt;", "<")
    .replaceAll("&gt;", ">");
}

/** The first link of the newest mail of `template` to `to` (or its first link matching `pattern`). */
export async function mailLink(
  request: APIRequestContext,
  to: string,
  template: string,
  timeoutMs = 15_000,
  pattern?: RegExp,
): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const response = await request.get(`/dev/mail?to=${encodeURIComponent(to)}`);
    if (response.ok()) {
      const html = await response.text();
      for (const part of html.split('data-testid="dev-mail"').slice(1)) {
        if (!part.includes(`data-template="${template}"`)) continue;
        const hrefs = [...part.matchAll(/href="(https?:\/\/[^"]+)"/g)].map((m) => decodeHtml(m[1] ?? ""));
        const href = pattern ? hrefs.find((h) => pattern.test(h)) : hrefs[0];
        if (href) return href;
      }
    }
    if (Date.now() > deadline) throw new Error(`no ${template} mail to ${to} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

export function tokenOf(link: string): string {
  const token = new URL(link).searchParams.get("token");
  if (!token) throw new Error(`no token in ${link}`);
  return token;
}

/** A path on this server for a link in a mail (mails carry APP_URL). */
export function pathOf(link: string): string {
  const url = new URL(link);
  return `${url.pathname}${url.search}`;
}
