// A real SMTP server (the smtp-server package, the receiving side of nodemailer's project) on a
// random loopback port, for tests that send through the app's SMTP provider. Every accepted
// message is parsed with mailparser, so tests assert on headers and MIME parts as a mail client
// would see them. It can refuse the next messages with a transient (451) or permanent (550) reply.
import type { AddressInfo } from "node:net";
import { type ParsedMail, simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";

export type SmtpReceiver = {
  url: string;
  messages: ParsedMail[];
  /** Envelope recipients of each accepted message. */
  envelopes: string[][];
  /** Refuse the next n messages at end of DATA with this reply code (451 transient, 550 permanent). */
  refuseNext(n: number, code?: number): void;
  refused: number;
  close(): Promise<void>;
};

export async function startSmtpReceiver(): Promise<SmtpReceiver> {
  let refuseLeft = 0;
  let refuseCode = 451;
  const state = {
    messages: [] as ParsedMail[],
    envelopes: [] as string[][],
    refused: 0,
    refuseNext(n: number, code = 451) {
      refuseLeft = n;
      refuseCode = code;
    },
  };
  const server = new SMTPServer({
    // Plain SMTP on loopback, like a local relay: no TLS offered, no AUTH required.
    disabledCommands: ["STARTTLS", "AUTH"],
    authOptional: true,
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        if (refuseLeft > 0) {
          refuseLeft -= 1;
          state.refused += 1;
          const error = Object.assign(
            new Error(refuseCode >= 500 ? "Mailbox unavailable" : "Try again later"),
            {
              responseCode: refuseCode,
            },
          );
          callback(error);
          return;
        }
        simpleParser(Buffer.concat(chunks))
          .then((parsed) => {
            state.messages.push(parsed);
            state.envelopes.push(session.envelope.rcptTo.map((r) => r.address));
            callback();
          })
          .catch((error: Error) => callback(error));
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.server.address() as AddressInfo;
  return Object.assign(state, {
    url: `smtp://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  });
}
