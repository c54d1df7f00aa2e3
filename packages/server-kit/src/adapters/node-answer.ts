import { Readable } from "node:stream";
import { unreadAnswerText } from "../http/problem-response.js";

/**
 * The kit's answer body as a framework sends it: the bytes whole when the body came in one piece
 * (every JSON answer: the framework then sets `Content-Length`), or a stream when more follows
 * (a CSV export pages through the database while it is sent, so it is never read whole first).
 * `null` for an empty answer.
 */
export async function nodeAnswerBody(response: Response): Promise<Buffer | Readable | null> {
  // A JSON answer the kit built from its text: those bytes, without reading its stream.
  const text = unreadAnswerText(response);
  if (text !== undefined) return text === "" ? null : Buffer.from(text);
  if (!response.body) return null;
  const reader = response.body.getReader();
  const first = await reader.read();
  if (first.done) return null;
  const second = await reader.read();
  if (second.done) return Buffer.from(first.value);
  return Readable.from(
    (async function* () {
      try {
        yield first.value;
        yield second.value;
        for (let next = await reader.read(); !next.done; next = await reader.read())
          yield next.value;
      } finally {
        // The client went away (or the write failed): stop the kit's stream, which stops paging.
        await reader.cancel().catch(() => {});
      }
    })(),
    { objectMode: false },
  );
}
