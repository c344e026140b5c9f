// Joins the byte chunks of a streamed response that are produced within one event-loop turn, the
// way Nagle's algorithm does for TCP but without its timer. Next writes every chunk of a response
// body to the socket as it comes (one write syscall each, and one read on the client), so a burst
// of small event-stream parts (a provider delivering many tokens in one network read, or the
// parts that open and close a stream) costs a syscall per part. Here the first chunk of a turn is
// written at once, so nothing is ever delayed when the stream is idle, and whatever else that
// turn produces follows in one write when the turn ends (setImmediate).
import { Buffer } from "node:buffer";

export function coalesceWrites(): TransformStream<Uint8Array, Uint8Array> {
  let pending: Uint8Array[] = [];
  let batching = false;
  let target: TransformStreamDefaultController<Uint8Array> | undefined;

  const enqueue = (chunk: Uint8Array) => {
    try {
      target?.enqueue(chunk);
    } catch {
      // The reader went away (cancelled or errored): nobody is left to deliver to.
    }
  };
  const emit = () => {
    batching = false;
    if (pending.length === 0) return;
    const out = pending.length === 1 ? (pending[0] as Uint8Array) : Buffer.concat(pending);
    pending = [];
    enqueue(out);
  };

  return new TransformStream<Uint8Array, Uint8Array>({
    start(controller) {
      target = controller;
    },
    transform(chunk) {
      if (batching) {
        pending.push(chunk);
        return;
      }
      batching = true;
      setImmediate(emit);
      enqueue(chunk);
    },
    flush() {
      // The source ended: what this turn still holds goes out before the stream closes.
      emit();
    },
  });
}
