/**
 * Server-sent events, as far as chat streaming needs them: the `data:` payloads of each event. Bytes
 * arrive in arbitrary pieces, so the parser keeps the unfinished tail and returns only whole events.
 */
export interface SseSplit {
  /** Each complete event's data (several `data:` lines joined with `\n`); events without data are dropped. */
  events: string[];
  /** Text after the last complete event: feed it back with the next piece. */
  rest: string;
}

/**
 * Splits `buffer` into complete events (ended by a blank line; `\n`, `\r\n` or `\r` line ends) and the
 * unfinished rest. Comment lines (`: keep-alive`) and fields other than `data` are ignored.
 */
export function splitSseEvents(buffer: string): SseSplit {
  // A trailing `\r` may be the first half of `\r\n`: hold it back until the next piece tells.
  const held = buffer.endsWith('\r') ? '\r' : '';
  const text = (held ? buffer.slice(0, -1) : buffer).replace(/\r\n?/g, '\n');
  const events: string[] = [];
  let start = 0;
  for (;;) {
    const end = text.indexOf('\n\n', start);
    if (end === -1) break;
    const data = eventData(text.slice(start, end));
    if (data !== null) events.push(data);
    start = end + 2;
  }
  return { events, rest: text.slice(start) + held };
}

function eventData(block: string): string | null {
  const lines: string[] = [];
  for (const line of block.split('\n')) {
    if (line === 'data' || line.startsWith('data:')) {
      const value = line.slice(5);
      lines.push(value.startsWith(' ') ? value.slice(1) : value);
    }
  }
  return lines.length > 0 ? lines.join('\n') : null;
}

/** A stateful wrapper for a stream: `push(piece)` returns the events completed by it. */
export function createSseDecoder(): { push(piece: string): string[]; end(): string[] } {
  let rest = '';
  return {
    push(piece) {
      const split = splitSseEvents(rest + piece);
      rest = split.rest;
      return split.events;
    },
    // A stream that ends without the final blank line still delivers its last event.
    end() {
      const split = splitSseEvents(`${rest}\n\n`);
      rest = '';
      return split.events;
    },
  };
}

/** Reads a `text/event-stream` body to its end, calling `onData` with each event's data in order. */
export async function readSseStream(
  body: ReadableStream<Uint8Array>,
  onData: (data: string) => void,
): Promise<void> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  const sse = createSseDecoder();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      for (const data of sse.push(decoder.decode(value, { stream: true }))) onData(data);
    }
    for (const data of sse.push(decoder.decode())) onData(data);
    for (const data of sse.end()) onData(data);
  } finally {
    reader.releaseLock();
  }
}
