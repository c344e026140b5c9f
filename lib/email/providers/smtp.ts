// SMTP through nodemailer. A 5xx reply is permanent (the server refused this mail for good);
// 4xx replies and connection errors are transient and retried by the outbox.
import nodemailer from "nodemailer";
import { type EmailProvider, EmailSendError } from "./types";

// Our headers are short printable ASCII (ids, List-Unsubscribe's <url>): passed as prepared, so
// nodemailer does not fold "List-Unsubscribe: <url>" onto a continuation line (legal, but some
// receivers' one-click detection reads the header unfolded and exactly). Anything else is left to
// nodemailer's own encoding.
function prepared(
  headers: Record<string, string>,
): Record<string, string | { prepared: true; value: string }> {
  const out: Record<string, string | { prepared: true; value: string }> = {};
  for (const [key, value] of Object.entries(headers))
    out[key] = /^[\x20-\x7e]{1,900}$/.test(value) ? { prepared: true, value } : value;
  return out;
}

export function createSmtpProvider(options: { url: string }): EmailProvider {
  // Timeouts well under the outbox lease (the defaults wait minutes), so a hung server cannot
  // keep a row claimed until another worker reclaims and re-sends it. Add ?pool=true to pool.
  const transport = nodemailer.createTransport({
    url: options.url,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  });
  return {
    name: "smtp",
    async send(email) {
      try {
        const info = await transport.sendMail({
          from: email.from,
          to: email.to,
          subject: email.subject,
          html: email.html,
          text: email.text,
          headers: prepared(email.headers),
        });
        return { messageId: info.messageId };
      } catch (error) {
        const code = (error as { responseCode?: number }).responseCode;
        const message = error instanceof Error ? error.message : String(error);
        throw new EmailSendError(`smtp: ${message}`, code !== undefined && code >= 500 && code < 600);
      }
    },
  };
}
