import type { IncomingMessage } from "node:http";
import type { Readable } from "node:stream";
import { AdmitError } from "../errors/admit-error.js";

/**
 * How long the rest of a body the kit did not read (too large, or not needed) is still read and
 * thrown away after the answer, before the connection is closed: long enough for the client to
 * finish sending and read the answer (closing with unread bytes would reset the connection and
 * could lose the answer), short enough that nobody can keep a connection busy with it.
 */
export const DISCARD_AFTER_ANSWER_MS = 5_000;

/** A request body as a Fetch stream, and the step that ends it once the answer is sent. */
export interface NodeBody {
  stream: ReadableStream<Uint8Array>;
  /** Call after the answer: discards what is left of the body, for at most {@link DISCARD_AFTER_ANSWER_MS}. */
  release(): void;
}

/**
 * The body of `req` (or `source`, a stream a framework put in front of it) as a pull-based
 * `ReadableStream`. Unlike `Readable.toWeb()`, a cancelled stream ignores late chunks instead
 * of throwing `ERR_INVALID_STATE` from an event handler, which would end the process; and it
 * reads nothing until the kit asks, so an unread body is left to Node to discard.
 */
export function nodeBody(req: IncomingMessage, source: Readable = req): NodeBody {
  let controller: ReadableStreamDefaultController<Uint8Array> | undefined;
  let listening = false;
  let done = false;
  const onData = (chunk: Buffer | string) => {
    if (done || !controller) return;
    const bytes = typeof chunk === "string" ? Buffer.from(chunk) : chunk;
    controller.enqueue(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    if ((controller.desiredSize ?? 0) <= 0) source.pause();
  };
  const onEnd = () => {
    if (finish()) controller?.close();
  };
  // A body cut off (the client closed or reset the connection, or sent broken chunks) is the
  // client's error, answered 422 like any unreadable body, never reported as the server's.
  const onError = (cause: unknown) => {
    if (finish()) controller?.error(cutOff(cause));
  };
  const onClose = () => {
    if (finish()) controller?.error(cutOff(undefined));
  };
  function finish(): boolean {
    if (done) return false;
    done = true;
    source.off("data", onData).off("end", onEnd).off("error", onError).off("close", onClose);
    return true;
  }
  const stream = new ReadableStream<Uint8Array>(
    {
      start(c) {
        controller = c;
      },
      pull() {
        if (done) return;
        if (!listening) {
          listening = true;
          source.on("data", onData).on("end", onEnd).on("error", onError).on("close", onClose);
        }
        source.resume();
      },
      cancel() {
        finish();
      },
    },
    // Nothing is read ahead: the kit's reads alone pull bytes off the socket.
    { highWaterMark: 0 },
  );
  return {
    stream,
    release() {
      finish();
      if (source.readableEnded || req.socket?.destroyed) return;
      // A no-op listener: an error while discarding is the client's, never the process's.
      source.on("error", () => {});
      source.resume();
      if (source !== req) req.resume();
      const timer = setTimeout(() => {
        if (!req.complete) req.socket?.destroy();
      }, DISCARD_AFTER_ANSWER_MS);
      timer.unref();
      req.once("end", () => clearTimeout(timer));
      req.once("close", () => clearTimeout(timer));
    },
  };
}

function cutOff(cause: unknown): AdmitError {
  return new AdmitError(
    "invalid_request",
    "The body ended before it was complete",
    { errors: [{ path: "", message: "send the whole body" }] },
    { cause },
  );
}
