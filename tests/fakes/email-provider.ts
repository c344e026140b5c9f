// An in-memory EmailProvider for outbox tests: counts sends per outbox row and fails on demand.
import type { EmailProvider, OutgoingEmail } from "@/lib/email/providers/types";
import { EmailSendError } from "@/lib/email/providers/types";

export type FakeEmailProvider = EmailProvider & {
  calls: OutgoingEmail[];
  /** Successful sends per outbox row id (from the X-Ledgerchat-Email-Id header). */
  sent: Map<string, number>;
};

export function createFakeEmailProvider(
  options: { failFirst?: number; permanent?: boolean; delayMs?: () => number } = {},
): FakeEmailProvider {
  let failuresLeft = options.failFirst ?? 0;
  const calls: OutgoingEmail[] = [];
  const sent = new Map<string, number>();
  return {
    name: "fake",
    calls,
    sent,
    async send(email) {
      calls.push(email);
      const delay = options.delayMs?.() ?? 0;
      if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
      if (failuresLeft > 0) {
        failuresLeft -= 1;
        throw new EmailSendError("fake provider is down", options.permanent ?? false);
      }
      const id = email.headers["X-Ledgerchat-Email-Id"] ?? "?";
      sent.set(id, (sent.get(id) ?? 0) + 1);
      return { messageId: `fake-${id}` };
    },
  };
}
