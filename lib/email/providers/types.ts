// The one interface every delivery backend implements. send either resolves with the
// provider's message id or throws; a thrown EmailSendError with permanent=true skips retries.

export type OutgoingEmail = {
  to: string;
  from: string;
  subject: string;
  html: string;
  text: string;
  headers: Record<string, string>;
  /** Stable per outbox row: providers that support it use it to drop duplicate sends. */
  idempotencyKey?: string;
};

export type EmailProvider = {
  name: string;
  send(email: OutgoingEmail): Promise<{ messageId: string }>;
};

/** A provider failure; permanent failures (bad address, rejected sender) are not retried. */
export class EmailSendError extends Error {
  constructor(
    message: string,
    readonly permanent = false,
  ) {
    super(message);
    this.name = "EmailSendError";
  }
}
