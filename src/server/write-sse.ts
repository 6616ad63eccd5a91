import type { ServerResponse } from 'node:http';
import type { ChatCompletionChunk } from '../api/chat-types.js';
import { GatewayError, toGatewayError } from '../api/gateway-error.js';
import { toWireText } from '../api/wire-text.js';
import type { OpenedStream } from '../gateway/chat-gateway.js';

/**
 * Relays chunks as SSE, one `data:` event each, waiting for `drain` when the client reads slower
 * than the upstream writes (backpressure). Ends with `data: [DONE]`; a failure after the first byte
 * becomes one final error event and the stream closes without `[DONE]` (API-CONTRACT §4 rule 10).
 * Returns the error that ended the stream, if any, for logging.
 */
export async function writeSseStream(
  raw: ServerResponse,
  opened: OpenedStream,
): Promise<GatewayError | null> {
  const { first, rest } = opened;
  try {
    if (first && !(await writeEvent(raw, first))) return closeEarly(rest);
    for (;;) {
      const next = await rest.next();
      if (next.done) break;
      if (!(await writeEvent(raw, next.value))) return closeEarly(rest);
    }
  } catch (error) {
    const gatewayError = toGatewayError(error);
    if (!raw.destroyed) raw.end(`data: ${JSON.stringify(gatewayError.toEnvelope())}\n\n`);
    return gatewayError;
  }
  if (!raw.destroyed) raw.end('data: [DONE]\n\n');
  return null;
}

/**
 * Writes one event; false when the client is gone. Events produced in the same turn of the event
 * loop (an upstream read often holds several) are corked into one socket write, released on the
 * next tick: one syscall instead of one per chunk, with no added wait for a lone chunk.
 */
function writeEvent(raw: ServerResponse, chunk: ChatCompletionChunk): boolean | Promise<boolean> {
  return writeSseFrame(raw, `data: ${toWireText(chunk)}\n\n`);
}

/** One complete SSE frame, corked and with backpressure as above; false when the client is gone. */
export function writeSseFrame(raw: ServerResponse, frame: string): boolean | Promise<boolean> {
  if (raw.destroyed) return false;
  if (raw.writableCorked === 0) {
    raw.cork();
    process.nextTick(uncork, raw);
  }
  if (raw.write(frame)) return true;
  return new Promise<boolean>((resolve) => {
    const onDrain = () => {
      raw.off('close', onClose);
      resolve(true);
    };
    const onClose = () => {
      raw.off('drain', onDrain);
      resolve(false);
    };
    raw.once('drain', onDrain);
    raw.once('close', onClose);
  });
}

function uncork(raw: ServerResponse): void {
  raw.uncork();
}

/** The client left: stop reading upstream (the iterator's cleanup aborts it and meters a cancellation). */
export async function closeEarly(rest: AsyncIterator<ChatCompletionChunk>): Promise<GatewayError> {
  await rest.return?.();
  return new GatewayError('client_closed_request', 'The client closed the connection.');
}
