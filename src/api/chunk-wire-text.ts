import type { ChatCompletionChunk } from './chat-types.js';

/**
 * The exact JSON text a chunk arrived as, when OPT forwards it unchanged. Relaying those bytes
 * skips a JSON.stringify per streamed chunk and keeps the upstream's own field order and extras.
 * Whoever changes a chunk must update or forget its text; a WeakMap keeps it off the wire object.
 */
const wireTexts = new WeakMap<ChatCompletionChunk, string>();

export function rememberWireText(chunk: ChatCompletionChunk, text: string): void {
  wireTexts.set(chunk, text);
}

export function forgetWireText(chunk: ChatCompletionChunk): void {
  wireTexts.delete(chunk);
}

/** The chunk as JSON: its original text when unchanged, else a fresh serialisation. */
export function toWireText(chunk: ChatCompletionChunk): string {
  return wireTexts.get(chunk) ?? JSON.stringify(chunk);
}

/** Drops the trailing `"usage":null` OpenAI puts on every chunk once usage was requested. */
export function withoutTrailingNullUsage(chunk: ChatCompletionChunk): void {
  const text = wireTexts.get(chunk);
  const suffix = ',"usage":null}';
  if (text?.endsWith(suffix)) wireTexts.set(chunk, `${text.slice(0, -suffix.length)}}`);
  else wireTexts.delete(chunk);
}
