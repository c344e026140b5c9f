// A minimal RESP2 client over node:net for test fakes (no Redis client is a dependency).
// Commands are pipelined on one connection; Redis answers in order, so replies resolve FIFO.
// Bulk strings come back as Buffers so callers can re-encode the exact bytes.
import net from "node:net";

export class RespError extends Error {
  override name = "RespError";
}

export type RespValue = string | number | null | Buffer | RespError | RespValue[];

type Parsed = { value: RespValue; next: number };

/** Parses one reply starting at pos, or undefined when the buffer does not hold all of it yet. */
function parse(buf: Buffer, pos: number): Parsed | undefined {
  const eol = buf.indexOf("\r\n", pos);
  if (eol < 0) return undefined;
  const line = buf.toString("utf8", pos + 1, eol);
  const next = eol + 2;
  switch (String.fromCharCode(buf[pos] ?? 0)) {
    case "+":
      return { value: line, next };
    case "-":
      return { value: new RespError(line), next };
    case ":":
      return { value: Number(line), next };
    case "$": {
      const len = Number(line);
      if (len < 0) return { value: null, next };
      if (buf.length < next + len + 2) return undefined;
      return { value: buf.subarray(next, next + len), next: next + len + 2 };
    }
    case "*": {
      const count = Number(line);
      if (count < 0) return { value: null, next };
      const items: RespValue[] = [];
      let at = next;
      for (let i = 0; i < count; i++) {
        const item = parse(buf, at);
        if (!item) return undefined;
        items.push(item.value);
        at = item.next;
      }
      return { value: items, next: at };
    }
    default:
      throw new Error(`RESP: unexpected type byte at ${pos}`);
  }
}

function encode(args: readonly string[]): Buffer {
  const parts: Buffer[] = [Buffer.from(`*${args.length}\r\n`)];
  for (const arg of args) {
    const bytes = Buffer.from(arg);
    parts.push(Buffer.from(`$${bytes.length}\r\n`), bytes, Buffer.from("\r\n"));
  }
  return Buffer.concat(parts);
}

export class RespClient {
  private buffer: Buffer = Buffer.alloc(0);
  private readonly waiting: { resolve: (v: RespValue) => void; reject: (e: Error) => void }[] = [];

  private constructor(private readonly socket: net.Socket) {
    socket.on("data", (chunk) => this.onData(chunk));
    socket.on("error", (error) => this.failAll(error));
    socket.on("close", () => this.failAll(new Error("RESP connection closed")));
  }

  /** Connects to redis://[:password@]host:port[/db]. */
  static async connect(url: string): Promise<RespClient> {
    const u = new URL(url);
    const socket = net.connect({ host: u.hostname || "127.0.0.1", port: Number(u.port || 6379) });
    await new Promise<void>((resolve, reject) => {
      socket.once("connect", resolve);
      socket.once("error", reject);
    });
    const client = new RespClient(socket);
    const password = decodeURIComponent(u.password);
    if (password) await client.expectOk(u.username ? ["AUTH", u.username, password] : ["AUTH", password]);
    const db = u.pathname.slice(1);
    if (db) await client.expectOk(["SELECT", db]);
    return client;
  }

  /** Sends every command in one write; resolves with their replies (errors as RespError values). */
  send(commands: readonly (readonly string[])[]): Promise<RespValue[]> {
    const replies = commands.map(
      () => new Promise<RespValue>((resolve, reject) => this.waiting.push({ resolve, reject })),
    );
    this.socket.write(Buffer.concat(commands.map(encode)));
    return Promise.all(replies);
  }

  async command(args: readonly string[]): Promise<RespValue> {
    const [reply] = await this.send([args]);
    return reply ?? null;
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.socket.once("close", () => resolve());
      this.socket.end();
    });
  }

  private async expectOk(args: string[]): Promise<void> {
    const reply = await this.command(args);
    if (reply instanceof RespError) throw reply;
  }

  private onData(chunk: Buffer): void {
    this.buffer = this.buffer.length ? Buffer.concat([this.buffer, chunk]) : chunk;
    let at = 0;
    for (let parsed = parse(this.buffer, at); parsed; parsed = parse(this.buffer, at)) {
      at = parsed.next;
      this.waiting.shift()?.resolve(parsed.value);
    }
    this.buffer = this.buffer.subarray(at);
  }

  private failAll(error: Error): void {
    for (const w of this.waiting.splice(0)) w.reject(error);
  }
}
