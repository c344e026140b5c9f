// SMTP through nodemailer. A 5xx reply is permanent (the server refused this mail for good);
// 4xx replies and connection errors are transient and retried by the outbox.
import nodemailer from "nodemailer";
import { type EmailProvider, EmailSendError } from "./types";

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
          headers: email.headers,
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
