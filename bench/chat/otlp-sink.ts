// A local OTLP/HTTP trace collector for bench/chat's traced server: answers every POST /v1/traces
// with 200 (an empty ExportTraceServiceResponse) and counts the export requests and their bytes,
// so the bench pays the real cost of exporting (serialising, batching, the HTTP round trip) and can
// show that spans left the server. It keeps nothing.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

export type OtlpSink = { url: string; exports: number; bytes: number; close(): Promise<void> };

export async function startOtlpSink(): Promise<OtlpSink> {
  const sink: OtlpSink = { url: "", exports: 0, bytes: 0, close: async () => undefined };
  const server = createServer((req, res) => {
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
    });
    req.on("end", () => {
      if (req.method === "POST" && req.url === "/v1/traces") {
        sink.exports += 1;
        sink.bytes += size;
        res.writeHead(200, { "content-type": req.headers["content-type"] ?? "application/x-protobuf" });
        res.end(req.headers["content-type"]?.includes("json") ? "{}" : "");
      } else {
        res.writeHead(404).end();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  sink.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  sink.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return sink;
}
