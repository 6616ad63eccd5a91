import { describe, expect, it } from 'vitest';
import { createSseDecoder, readSseStream, splitSseEvents } from './sse-parser';

describe('splitSseEvents', () => {
  it('returns complete events and keeps the unfinished rest', () => {
    expect(splitSseEvents('data: {"a":1}\n\ndata: {"b":2}\n\ndata: {"c"')).toEqual({
      events: ['{"a":1}', '{"b":2}'],
      rest: 'data: {"c"',
    });
  });

  it('joins multi-line data, ignores comments and other fields, and accepts CRLF', () => {
    const text = ': keep-alive\r\n\r\nevent: x\r\nid: 7\r\ndata: one\r\ndata:two\r\n\r\n';
    expect(splitSseEvents(text)).toEqual({ events: ['one\ntwo'], rest: '' });
  });

  it('holds back a trailing CR until the next piece says whether it ends a CRLF', () => {
    const first = splitSseEvents('data: x\r\n\r');
    expect(first.events).toEqual([]);
    expect(splitSseEvents(`${first.rest}\ndata: y\n\n`).events).toEqual(['x', 'y']);
  });
});

describe('createSseDecoder', () => {
  it('reassembles events split anywhere, [DONE] included', () => {
    const stream = 'data: {"n":1}\n\ndata: {"n":2}\n\ndata: [DONE]\n\n';
    for (let size = 1; size <= stream.length; size++) {
      const decoder = createSseDecoder();
      const events: string[] = [];
      for (let at = 0; at < stream.length; at += size)
        events.push(...decoder.push(stream.slice(at, at + size)));
      events.push(...decoder.end());
      expect(events).toEqual(['{"n":1}', '{"n":2}', '[DONE]']);
    }
  });

  it('delivers a last event that lacks its blank line at the end', () => {
    const decoder = createSseDecoder();
    expect(decoder.push('data: last')).toEqual([]);
    expect(decoder.end()).toEqual(['last']);
  });
});

describe('readSseStream', () => {
  it('decodes UTF-8 split across reads', async () => {
    const bytes = new TextEncoder().encode('data: {"t":"你好"}\n\ndata: [DONE]\n\n');
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        for (const byte of bytes) controller.enqueue(new Uint8Array([byte]));
        controller.close();
      },
    });
    const seen: string[] = [];
    await readSseStream(body, (data) => seen.push(data));
    expect(seen).toEqual(['{"t":"你好"}', '[DONE]']);
  });
});
