/**
 * Server-Sent Events parser over a byte stream.
 * @see https://html.spec.whatwg.org/multipage/server-sent-events.html#event-stream-interpretation
 * Yields one event per blank-line-terminated block; comment lines (": keep-alive") are skipped.
 */
export interface SseEvent {
  event: string | null;
  data: string;
}

export async function* parseSse(body: AsyncIterable<Uint8Array | string>): AsyncGenerator<SseEvent> {
  const decoder = new TextDecoder();
  let buffer = '';
  for await (const piece of body) {
    buffer += typeof piece === 'string' ? piece : decoder.decode(piece, { stream: true });
    let boundary = findBlockEnd(buffer);
    while (boundary !== null) {
      const event = parseBlock(buffer.slice(0, boundary.start));
      buffer = buffer.slice(boundary.end);
      if (event) yield event;
      boundary = findBlockEnd(buffer);
    }
  }
  buffer += decoder.decode();
  const last = parseBlock(buffer);
  if (last) yield last;
}

/** Finds the first blank line, accepting \n\n, \r\n\r\n and \r\r as the spec allows. */
function findBlockEnd(buffer: string): { start: number; end: number } | null {
  const lf = buffer.indexOf('\n\n');
  const crlf = buffer.indexOf('\r\n\r\n');
  if (lf === -1 && crlf === -1) {
    const cr = buffer.indexOf('\r\r');
    return cr === -1 ? null : { start: cr, end: cr + 2 };
  }
  if (crlf !== -1 && (lf === -1 || crlf < lf)) return { start: crlf, end: crlf + 4 };
  return { start: lf, end: lf + 2 };
}

function parseBlock(block: string): SseEvent | null {
  if (block.length === 0) return null;
  // Fast path: the common single-line "data: {...}" event.
  if (block.startsWith('data:') && block.indexOf('\n') === -1 && block.indexOf('\r') === -1) {
    return { event: null, data: block.charCodeAt(5) === 32 ? block.slice(6) : block.slice(5) };
  }
  let event: string | null = null;
  const data: string[] = [];
  for (const line of block.split(/\r\n|\r|\n/)) {
    if (line.length === 0 || line.startsWith(':')) continue;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'data') data.push(value);
    else if (field === 'event') event = value;
  }
  if (data.length === 0 && event === null) return null;
  return { event, data: data.join('\n') };
}
