// Resend over its HTTP API. The outbox row id goes out as Resend's Idempotency-Key, so a retry
// after a lost response (sent, but we never heard) does not deliver the mail twice.
import { Resend } from "resend";
import { type EmailProvider, EmailSendError } from "./types";

// 4xx other than rate limiting means the request itself is wrong; retrying cannot help.
function isPermanent(statusCode: number | null | undefined): boolean {
  return (
    statusCode != null &&
    statusCode >= 400 &&
    statusCode < 500 &&
    statusCode !== 408 &&
    statusCode !== 409 &&
    statusCode !== 429
  );
}

export function createResendProvider(options: { apiKey: string; baseUrl?: string }): EmailProvider {
  const client = new Resend(options.apiKey, options.baseUrl ? { baseUrl: options.baseUrl } : undefined);
  return {
    name: "resend",
    async send(email) {
      const { data, error } = await client.emails.send(
        {
          from: email.from,
          to: [email.to],
          subject: email.subject,
          html: email.html,
          text: email.text,
          headers: email.headers,
        },
        email.idempotencyKey ? { idempotencyKey: email.idempotencyKey } : undefined,
      );
      if (error || !data) {
        const statusCode = error && "statusCode" in error ? (error.statusCode as number | null) : null;
        throw new EmailSendError(
          `resend: ${error?.name ?? "error"} (${statusCode ?? "no status"}): ${error?.message ?? "empty response"}`,
          isPermanent(statusCode),
        );
      }
      return { messageId: data.id };
    },
  };
}
