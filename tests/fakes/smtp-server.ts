// A real TCP server speaking just enough SMTP for nodemailer (220, EHLO/HELO, MAIL, RCPT, DATA,
// RSET, NOOP, QUIT), recording every accepted message. It can answer the end of DATA with 451
// (transient) the first N times, and reject chosen recipients with 550 (permanent).

import type { AddressInfo } from "node:net";
import net from "node:net";

export type ReceivedMail = { from: string; to: string[]; data: string };

export type FakeSmtpServer = {
  url: string;
  port: number;
  messages: ReceivedMail[];
  /** End-of-DATA replies answered with 451 so far. */
  transientFailures: number;
  /** Answer the next n messages with 451 after their DATA. */
  failNext(n: number): void;
  close(): Promise<void>;
};

export async function startFakeSmtpServer(
  options: { rejectRecipients?: string[] } = {},
): Promise<FakeSmtpServer> {
  const rejected = new Set((options.rejectRecipients ?? []).map((a) => a.toLowerCase()));
  const sockets = new Set<net.Socket>();
  let failuresLeft = 0;

  const state: Omit<FakeSmtpServer, "url" | "port" | "close"> = {
    messages: [],
    transientFailures: 0,
    failNext(n) {
      failuresLeft = n;
    },
  };

  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => socket.destroy());
    let buffer = "";
    let inData = false;
    let dataLines: string[] = [];
    let envelope: { from: string; to: string[] } = { from: "", to: [] };
    const reply = (line: string) => socket.write(`${line}\r\n`);
    const address = (arg: string) => /<([^>]*)>/.exec(arg)?.[1] ?? "";

    const onLine = (line: string) => {
      if (inData) {
        if (line !== ".") {
          dataLines.push(line.startsWith("..") ? line.slice(1) : line);
          return;
        }
        inData = false;
        if (failuresLeft > 0) {
          failuresLeft -= 1;
          state.transientFailures += 1;
          reply("451 4.3.0 Temporary failure, try again later");
        } else {
          state.messages.push({ ...envelope, data: dataLines.join("\r\n") });
          reply(`250 2.0.0 Ok: queued as fake-${state.messages.length}`);
        }
        envelope = { from: "", to: [] };
        dataLines = [];
        return;
      }
      const verb = line.slice(0, 4).toUpperCase();
      if (verb === "EHLO") reply("250-fake.smtp.local\r\n250-8BITMIME\r\n250 SMTPUTF8");
      else if (verb === "HELO") reply("250 fake.smtp.local");
      else if (verb === "MAIL") {
        envelope = { from: address(line), to: [] };
        reply("250 2.1.0 Ok");
      } else if (verb === "RCPT") {
        const to = address(line);
        if (rejected.has(to.toLowerCase())) reply("550 5.1.1 No such user");
        else {
          envelope.to.push(to);
          reply("250 2.1.5 Ok");
        }
      } else if (verb === "DATA") {
        inData = true;
        reply("354 End data with <CR><LF>.<CR><LF>");
      } else if (verb === "RSET") {
        envelope = { from: "", to: [] };
        reply("250 2.0.0 Ok");
      } else if (verb === "NOOP") reply("250 2.0.0 Ok");
      else if (verb === "QUIT") {
        reply("221 2.0.0 Bye");
        socket.end();
      } else reply("502 5.5.2 Command not recognized");
    };

    socket.setEncoding("utf8");
    socket.on("data", (chunk: string) => {
      buffer += chunk;
      let index = buffer.indexOf("\r\n");
      while (index >= 0) {
        const line = buffer.slice(0, index);
        buffer = buffer.slice(index + 2);
        onLine(line);
        index = buffer.indexOf("\r\n");
      }
    });
    reply("220 fake.smtp.local ESMTP ready");
  });

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(state, {
    port,
    url: `smtp://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  });
}
