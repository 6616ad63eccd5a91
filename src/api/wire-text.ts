import type { ChatCompletion, ChatCompletionChunk } from './chat-types.js';

type WireObject = ChatCompletion | ChatCompletionChunk;

/**
 * The exact JSON text a completion or chunk arrived as, when OPT forwards it unchanged. Relaying
 * those bytes skips a JSON.stringify per response and per streamed chunk, and keeps the upstream's
 * own field order and extras. Whoever changes an object must update or forget its text; a WeakMap
 * keeps it off the wire object.
 */
const wireTexts = new WeakMap<WireObject, string>();

export function rememberWireText(object: WireObject, text: string): void {
  wireTexts.set(object, text);
}

export function forgetWireText(object: WireObject): void {
  wireTexts.delete(object);
}

/** The object as JSON: its original text when unchanged, else a fresh serialisation. */
export function toWireText(object: WireObject): string {
  return wireTexts.get(object) ?? JSON.stringify(object);
}

/** Drops the trailing `"usage":null` OpenAI puts on every chunk once usage was requested. */
export function withoutTrailingNullUsage(chunk: ChatCompletionChunk): void {
  const text = wireTexts.get(chunk);
  const suffix = ',"usage":null}';
  if (text?.endsWith(suffix)) wireTexts.set(chunk, `${text.slice(0, -suffix.length)}}`);
  else wireTexts.delete(chunk);
}
