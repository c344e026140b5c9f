// The dev mailbox: nothing leaves the machine. The outbox row is the mail, shown at /dev/mail.
import type { EmailProvider } from "./types";

export function createDevProvider(): EmailProvider {
  return {
    name: "dev",
    async send(email) {
      return { messageId: `dev-${email.idempotencyKey ?? crypto.randomUUID()}` };
    },
  };
}
