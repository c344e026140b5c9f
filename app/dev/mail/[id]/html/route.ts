// The HTML part of one dev-mailbox mail, served alone under a CSP that allows inline styles and
// data: images only — no scripts, no remote loads, sandboxed — since mail HTML is untrusted.
import { getDb } from "@/lib/db";
import { DEV_MAIL_HTML_CSP, getDevMail, isDevMailboxEnabled, withCspMeta } from "@/lib/email/dev-mailbox";

export async function GET(
  _request: Request,
  { params }: { params: Promise<{ id: string }> },
): Promise<Response> {
  const notFound = () =>
    new Response("Not found", { status: 404, headers: { "content-type": "text/plain; charset=utf-8" } });
  if (!isDevMailboxEnabled()) return notFound();
  const { id } = await params;
  const mail = await getDevMail(await getDb(), id);
  if (!mail?.html) return notFound();
  return new Response(withCspMeta(mail.html), {
    headers: {
      "content-type": "text/html; charset=utf-8",
      "content-security-policy": DEV_MAIL_HTML_CSP,
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
      "referrer-policy": "no-referrer",
    },
  });
}
