import type { EmbeddingEncodingFormat, EmbeddingResponse } from './embedding-types.js';
import { forgetWireText } from './wire-text.js';

/** OpenAI's `base64` format is the float32 values' little-endian bytes; typed arrays use the host's order. */
const HOST_IS_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Floats → OpenAI's base64 embedding (each value rounded to float32, as OpenAI's own are). */
export function encodeFloat32Base64(values: readonly number[]): string {
  const bytes = Buffer.from(new Float32Array(values).buffer);
  if (!HOST_IS_LITTLE_ENDIAN) bytes.swap32();
  return bytes.toString('base64');
}

/** OpenAI's base64 embedding → floats; null when the text is not a whole number of float32 values. */
export function decodeFloat32Base64(text: string): number[] | null {
  const bytes = Buffer.from(text, 'base64');
  if (bytes.length % 4 !== 0) return null;
  if (!HOST_IS_LITTLE_ENDIAN) bytes.swap32();
  // Node may hand out a slice of its pool at an offset a Float32Array cannot start at: copy then.
  const aligned = bytes.byteOffset % 4 === 0 ? bytes : new Uint8Array(bytes);
  return Array.from(new Float32Array(aligned.buffer, aligned.byteOffset, bytes.length / 4));
}

/**
 * Puts every embedding in the format the client asked for (absent = float), whatever the upstream sent:
 * Gemini has no base64, and some OpenAI-compatible servers ignore `encoding_format`. The official SDK
 * asks for base64 by default and decodes it without looking, so a float array there would break it.
 * Returns false when a base64 embedding cannot be decoded.
 */
export function toRequestedEncoding(
  response: EmbeddingResponse,
  format: EmbeddingEncodingFormat | undefined,
): boolean {
  const wantsBase64 = format === 'base64';
  let changed = false;
  for (const item of response.data) {
    const embedding = item.embedding;
    if (wantsBase64 && Array.isArray(embedding)) {
      item.embedding = encodeFloat32Base64(embedding);
      changed = true;
    } else if (!wantsBase64 && typeof embedding === 'string') {
      const values = decodeFloat32Base64(embedding);
      if (!values) return false;
      item.embedding = values;
      changed = true;
    }
  }
  if (changed) forgetWireText(response);
  return true;
}
