import type { ChatCompletion, ChatCompletionChunk } from './chat-types.js';
import type { EmbeddingResponse } from './embedding-types.js';

export type WireObject = ChatCompletion | ChatCompletionChunk | EmbeddingResponse;

/**
 * The exact JSON text a completion or chunk arrived as, when OPT forwards it unchanged. Relaying
 * those bytes skips a JSON.stringify per response and per streamed chunk, and keeps the upstream's
 * own field order and extras. Whoever changes an object must update or forget its text.
 * The text rides on a non-enumerable symbol property: JSON.stringify and equality checks never see
 * it, and unlike a WeakMap entry it adds no ephemeron for the garbage collector to trace for each
 * of the thousands of chunks relayed a second.
 */
const WIRE_TEXT = Symbol('wireText');

type WithWireText = WireObject & { [WIRE_TEXT]?: string | undefined };

export function rememberWireText(object: WireObject, text: string): void {
  Object.defineProperty(object, WIRE_TEXT, { value: text, writable: true, configurable: true });
}

export function forgetWireText(object: WireObject): void {
  if (WIRE_TEXT in object) (object as WithWireText)[WIRE_TEXT] = undefined;
}

/** The object as JSON: its original text when unchanged, else a fresh serialisation. */
export function toWireText(object: WireObject): string {
  return (object as WithWireText)[WIRE_TEXT] ?? JSON.stringify(object);
}

/** Drops the trailing `"usage":null` OpenAI puts on every chunk once usage was requested. */
export function withoutTrailingNullUsage(chunk: ChatCompletionChunk): void {
  const holder = chunk as WithWireText;
  const text = holder[WIRE_TEXT];
  if (text === undefined) return;
  const suffix = ',"usage":null}';
  holder[WIRE_TEXT] = text.endsWith(suffix) ? `${text.slice(0, -suffix.length)}}` : undefined;
}
