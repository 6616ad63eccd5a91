/**
 * Server-Sent Events parsing over a byte stream.
 * @see https://html.spec.whatwg.org/multipage/server-sent-events.html#event-stream-interpretation
 * Yields one event per blank-line-terminated block; comment lines (": keep-alive") are skipped.
 */
export interface SseEvent {
  event: string | null;
  data: string;
}

/**
 * Incremental SSE decoder: push bytes as they arrive, get back the events they complete. Synchronous,
 * so a reader pays one await per network read rather than one per event.
 */
export class SseDecoder {
  private readonly text = new TextDecoder();
  private buffer = '';
  /** Whether the buffer may hold a CR; LF-only streams (nearly all) then need one search per event. */
  private sawCarriageReturn = false;

  push(piece: Uint8Array | string): SseEvent[] {
    const decoded = typeof piece === 'string' ? piece : this.text.decode(piece, { stream: true });
    if (!this.sawCarriageReturn && decoded.includes('\r')) this.sawCarriageReturn = true;
    this.buffer += decoded;
    const events: SseEvent[] = [];
    let position = 0;
    for (;;) {
      const boundary = this.findBlockEnd(position);
      if (boundary === null) break;
      const event = parseBlock(this.buffer.slice(position, boundary.start));
      if (event) events.push(event);
      position = boundary.end;
    }
    if (position > 0) this.buffer = this.buffer.slice(position);
    return events;
  }

  /** The stream ended: whatever is left is the last event (lenient: the final blank line may be missing). */
  end(): SseEvent[] {
    const rest = this.buffer + this.text.decode();
    this.buffer = '';
    const last = parseBlock(rest);
    return last ? [last] : [];
  }

  /** Finds the first blank line from `from`, accepting \n\n, \r\n\r\n and \r\r as the spec allows. */
  private findBlockEnd(from: number): { start: number; end: number } | null {
    const buffer = this.buffer;
    const lf = buffer.indexOf('\n\n', from);
    if (!this.sawCarriageReturn) return lf === -1 ? null : { start: lf, end: lf + 2 };
    const crlf = buffer.indexOf('\r\n\r\n', from);
    const cr = buffer.indexOf('\r\r', from);
    let best: { start: number; end: number } | null = null;
    if (lf !== -1) best = { start: lf, end: lf + 2 };
    if (crlf !== -1 && (best === null || crlf < best.start)) best = { start: crlf, end: crlf + 4 };
    if (cr !== -1 && (best === null || cr < best.start)) best = { start: cr, end: cr + 2 };
    return best;
  }
}

export async function* parseSse(body: AsyncIterable<Uint8Array | string>): AsyncGenerator<SseEvent> {
  const decoder = new SseDecoder();
  for await (const piece of body) yield* decoder.push(piece);
  yield* decoder.end();
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
