import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseSse, type SseEvent } from './parse-sse.js';

const FIXTURES = new URL('../openai-compatible/__fixtures__/', import.meta.url);
const STREAM_FIXTURES = [
  'openai-text-with-usage.sse',
  'openai-parallel-tool-calls.sse',
  'deepseek-reasoner-stream.sse',
  'crlf-keep-alive-no-usage.sse',
  'openai-cut-before-done.sse',
  'openai-error-event.sse',
];

function readFixture(name: string): Buffer {
  return readFileSync(new URL(name, FIXTURES));
}

async function* fromPieces(pieces: ReadonlyArray<Uint8Array | string>): AsyncGenerator<Uint8Array | string> {
  for (const piece of pieces) yield piece;
}

async function parseAll(pieces: ReadonlyArray<Uint8Array | string>): Promise<SseEvent[]> {
  const events: SseEvent[] = [];
  for await (const event of parseSse(fromPieces(pieces))) events.push(event);
  return events;
}

function parseText(text: string): Promise<SseEvent[]> {
  return parseAll([Buffer.from(text, 'utf8')]);
}

/** Cuts bytes at the given offsets (ascending, inside the buffer). */
function splitAt(bytes: Uint8Array, offsets: readonly number[]): Uint8Array[] {
  const pieces: Uint8Array[] = [];
  let start = 0;
  for (const offset of offsets) {
    pieces.push(bytes.subarray(start, offset));
    start = offset;
  }
  pieces.push(bytes.subarray(start));
  return pieces;
}

function oneBytePieces(bytes: Uint8Array): Uint8Array[] {
  return Array.from({ length: bytes.length }, (_, index) => bytes.subarray(index, index + 1));
}

/** A small seeded PRNG (mulberry32) so "random" piece sizes are the same on every run. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function randomPieces(bytes: Uint8Array, seed: number, maxSize: number): Uint8Array[] {
  const random = seededRandom(seed);
  const offsets: number[] = [];
  let offset = 0;
  for (;;) {
    offset += 1 + Math.floor(random() * maxSize);
    if (offset >= bytes.length) break;
    offsets.push(offset);
  }
  return splitAt(bytes, offsets);
}

/** The expected events of a fixture, read the naive way: every `data: ` line is one event. */
function dataLinesOf(text: string): string[] {
  return text
    .split(/\r\n|\n/)
    .filter((line) => line.startsWith('data: '))
    .map((line) => line.slice('data: '.length));
}

function byteOffsetOf(bytes: Buffer, text: string): number {
  const offset = bytes.indexOf(Buffer.from(text, 'utf8'));
  if (offset === -1) throw new Error(`fixture does not contain ${text}`);
  return offset;
}

describe('parseSse on captured streams', () => {
  it('yields one data event per chunk of an OpenAI stream, [DONE] last', async () => {
    const bytes = readFixture('openai-text-with-usage.sse');
    const events = await parseAll([bytes]);
    expect(events.map((event) => event.data)).toEqual(dataLinesOf(bytes.toString('utf8')));
    expect(events.every((event) => event.event === null)).toBe(true);
    expect(events.at(-1)?.data).toBe('[DONE]');
    const content = events
      .slice(0, -1)
      .map((event) => JSON.parse(event.data).choices[0]?.delta.content ?? '')
      .join('');
    expect(content).toBe('Hello! In Chinese, that’s “你好” 👋');
  });

  it.each(STREAM_FIXTURES)('gives the same events for %s fed one byte at a time', async (name) => {
    const bytes = readFixture(name);
    const whole = await parseAll([bytes]);
    expect(whole.map((event) => event.data)).toEqual(dataLinesOf(bytes.toString('utf8')));
    expect(await parseAll(oneBytePieces(bytes))).toEqual(whole);
  });

  it.each(STREAM_FIXTURES)('gives the same events for %s cut into random-size pieces', async (name) => {
    const bytes = readFixture(name);
    const whole = await parseAll([bytes]);
    for (const seed of [1, 7, 42, 1234, 99_991]) {
      expect(await parseAll(randomPieces(bytes, seed, 64))).toEqual(whole);
    }
  });

  it('keeps multi-byte characters whole when a piece ends inside one', async () => {
    const bytes = readFixture('openai-text-with-usage.sse');
    const whole = await parseAll([bytes]);
    const chinese = byteOffsetOf(bytes, '你好');
    const emoji = byteOffsetOf(bytes, '👋');
    // 你 and 好 are 3 bytes each, 👋 is 4: cut after every byte inside them.
    const offsets = [chinese + 1, chinese + 2, chinese + 4, chinese + 5, emoji + 1, emoji + 2, emoji + 3];
    const events = await parseAll(splitAt(bytes, offsets));
    expect(events).toEqual(whole);
    expect(events.some((event) => event.data.includes('"content":"你好"'))).toBe(true);
    expect(events.some((event) => event.data.includes('"content":" 👋"'))).toBe(true);
    expect(events.some((event) => event.data.includes('\uFFFD'))).toBe(false);
  });

  it('reads CRLF line endings and skips the keep-alive comments between events', async () => {
    const bytes = readFixture('crlf-keep-alive-no-usage.sse');
    expect(bytes.includes(': keep-alive\r\n')).toBe(true);
    const events = await parseAll([bytes]);
    expect(events.map((event) => event.data)).toEqual(dataLinesOf(bytes.toString('utf8')));
    expect(events.some((event) => event.data.includes('keep-alive'))).toBe(false);
    expect(events.some((event) => event.data.includes('\r'))).toBe(false);
    // The escaped "\n" inside the JSON is content, not a line break.
    expect(JSON.parse(events[4]?.data ?? '').choices[0].delta.content).toBe(',\n');
  });

  it('reads bare CR line endings as the spec allows', async () => {
    const text = readFixture('openai-text-with-usage.sse').toString('utf8');
    const expected = await parseText(text);
    const crOnly = Buffer.from(text.replaceAll('\n', '\r'), 'utf8');
    expect(await parseAll([crOnly])).toEqual(expected);
    expect(await parseAll(oneBytePieces(crOnly))).toEqual(expected);
  });

  it('skips a keep-alive sent before the first event of a DeepSeek stream', async () => {
    const bytes = readFixture('deepseek-reasoner-stream.sse');
    expect(bytes.toString('utf8').startsWith(': keep-alive\n\n')).toBe(true);
    const events = await parseAll([bytes]);
    expect(JSON.parse(events[0]?.data ?? '').choices[0].delta).toEqual({
      role: 'assistant',
      content: null,
      reasoning_content: '',
    });
  });
});

describe('parseSse field handling', () => {
  it('joins multi-line data with newlines', async () => {
    expect(await parseText('data: first\ndata: second\ndata:\ndata: fourth\n\n')).toEqual([
      { event: null, data: 'first\nsecond\n\nfourth' },
    ]);
  });

  it('strips exactly one space after the colon', async () => {
    expect(await parseText('data:no-space\n\ndata:  two spaces\n\n')).toEqual([
      { event: null, data: 'no-space' },
      { event: null, data: ' two spaces' },
    ]);
  });

  it('reads the event field', async () => {
    const text = 'event: error\ndata: {"error":{"message":"overloaded"}}\n\nevent: ping\n\n';
    expect(await parseText(text)).toEqual([
      { event: 'error', data: '{"error":{"message":"overloaded"}}' },
      { event: 'ping', data: '' },
    ]);
  });

  it('ignores comment lines inside an event and blocks made only of comments', async () => {
    const text = ': keep-alive\n\n:\n\ndata: a\n: a comment between data lines\ndata: b\n\n';
    expect(await parseText(text)).toEqual([{ event: null, data: 'a\nb' }]);
  });

  it('ignores id, retry and unknown fields', async () => {
    const text = 'id: 7\nretry: 3000\nfoo: bar\ndata: kept\n\nid: 8\n\n';
    expect(await parseText(text)).toEqual([{ event: null, data: 'kept' }]);
  });

  it('treats a field name without a colon as that field with an empty value', async () => {
    expect(await parseText('data\n\n')).toEqual([{ event: null, data: '' }]);
  });

  it('yields an event left without its final blank line when the body ends', async () => {
    expect(await parseText('data: one\n\ndata: [DONE]')).toEqual([
      { event: null, data: 'one' },
      { event: null, data: '[DONE]' },
    ]);
    expect(await parseText('data: one\n\ndata: two\n')).toEqual([
      { event: null, data: 'one' },
      { event: null, data: 'two' },
    ]);
    expect(await parseText('data: one\r\n')).toEqual([{ event: null, data: 'one' }]);
  });

  it('yields nothing for an empty body or one with only blank lines', async () => {
    expect(await parseAll([])).toEqual([]);
    expect(await parseText('\n\n\n\n')).toEqual([]);
  });

  it('accepts string pieces as well as bytes', async () => {
    expect(await parseAll(['data: he', 'llo\n', '\ndata: 你', '好\n\n'])).toEqual([
      { event: null, data: 'hello' },
      { event: null, data: '你好' },
    ]);
  });

  it('drops a UTF-8 byte order mark at the start of the body', async () => {
    const bom = Uint8Array.of(0xef, 0xbb, 0xbf);
    expect(await parseAll([bom, Buffer.from('data: x\n\n')])).toEqual([{ event: null, data: 'x' }]);
  });

  it('ends a block at the first blank line whichever line ending comes first', async () => {
    expect(await parseText('data: a\r\n\r\ndata: b\n\ndata: c\r\n\r\n')).toEqual([
      { event: null, data: 'a' },
      { event: null, data: 'b' },
      { event: null, data: 'c' },
    ]);
  });
});
