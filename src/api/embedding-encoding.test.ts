import { describe, expect, it } from 'vitest';
import { decodeFloat32Base64, encodeFloat32Base64, toRequestedEncoding } from './embedding-encoding.js';
import type { EmbeddingResponse } from './embedding-types.js';
import { rememberWireText, toWireText } from './wire-text.js';

/** What the official openai SDK does with a base64 embedding (internal/utils/base64.ts, toFloat32Array). */
function decodeLikeTheSdk(text: string): number[] {
  const bytes = Buffer.from(text, 'base64');
  return Array.from(new Float32Array(bytes.buffer, bytes.byteOffset, bytes.length / 4));
}

const DOUBLES = [0.1, -0.25, 1 / 3, 123456.789, -1e-8, 0, 0.987654321];

function response(embeddings: Array<number[] | string>): EmbeddingResponse {
  return {
    object: 'list',
    data: embeddings.map((embedding, index) => ({ object: 'embedding', index, embedding })),
    model: 'm',
    usage: { prompt_tokens: 1, total_tokens: 1 },
  };
}

describe('base64 float32 embeddings', () => {
  it('encodes the float32 little-endian bytes: decoding gives back each value rounded to float32', () => {
    const encoded = encodeFloat32Base64(DOUBLES);
    const bytes = Buffer.from(encoded, 'base64');
    expect(bytes.length).toBe(DOUBLES.length * 4);
    DOUBLES.forEach((value, index) => {
      expect(bytes.readFloatLE(index * 4)).toBe(Math.fround(value));
    });
    expect(decodeLikeTheSdk(encoded)).toEqual(DOUBLES.map(Math.fround));
    expect(decodeFloat32Base64(encoded)).toEqual(DOUBLES.map(Math.fround));
  });

  it('decodes what OpenAI sends, and refuses a byte count that is not whole floats', () => {
    const bytes = Buffer.alloc(8);
    bytes.writeFloatLE(0.5, 0);
    bytes.writeFloatLE(-2.75, 4);
    expect(decodeFloat32Base64(bytes.toString('base64'))).toEqual([0.5, -2.75]);
    expect(decodeFloat32Base64(Buffer.alloc(6).toString('base64'))).toBeNull();
  });
});

describe('toRequestedEncoding', () => {
  it('turns floats into base64 when base64 was asked for, and forgets the relayed bytes', () => {
    const answer = response([DOUBLES, [1, 2]]);
    rememberWireText(answer, '{"stale":true}');
    expect(toRequestedEncoding(answer, 'base64')).toBe(true);
    expect(decodeLikeTheSdk(answer.data[0]!.embedding as string)).toEqual(DOUBLES.map(Math.fround));
    expect(decodeLikeTheSdk(answer.data[1]!.embedding as string)).toEqual([1, 2]);
    expect(JSON.parse(toWireText(answer))).toEqual(answer);
  });

  it('turns base64 into floats when floats were asked for (or nothing was)', () => {
    for (const format of ['float', undefined] as const) {
      const answer = response([encodeFloat32Base64([0.5, 0.25])]);
      expect(toRequestedEncoding(answer, format)).toBe(true);
      expect(answer.data[0]!.embedding).toEqual([0.5, 0.25]);
    }
  });

  it('leaves a matching answer and its bytes alone', () => {
    const answer = response([[0.5]]);
    rememberWireText(answer, '{"original":true}');
    expect(toRequestedEncoding(answer, 'float')).toBe(true);
    expect(toWireText(answer)).toBe('{"original":true}');
  });

  it('reports base64 that is not float32 data', () => {
    expect(toRequestedEncoding(response(['AAAAAAA=']), 'float')).toBe(false);
  });
});
