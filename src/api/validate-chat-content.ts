/**
 * Validation of message `content` (strings and content parts), per the message table of API-CONTRACT.md §2.
 * Param strings are built only when a check fails: text parts are checked on every request.
 */
import { InvalidRequestError } from './gateway-error.js';
import {
  checkOptionalString,
  invalidCount,
  invalidValue,
  isJsonObject,
  isNonEmptyString,
  type JsonObject,
  missingParameter,
} from './validation-helpers.js';

export const MAX_CONTENT_PARTS = 1_000;

export function messageParam(index: number, field?: string): string {
  return field === undefined ? `messages[${index}]` : `messages[${index}].${field}`;
}

function partParam(index: number, partIndex: number, field?: string): string {
  const part = `messages[${index}].content[${partIndex}]`;
  return field === undefined ? part : `${part}.${field}`;
}

function checkPartCount(content: unknown[], index: number): void {
  if (content.length === 0) throw invalidCount(messageParam(index, 'content'), 'at least 1 content part', 0);
  if (content.length > MAX_CONTENT_PARTS) {
    throw invalidCount(
      messageParam(index, 'content'),
      `at most ${MAX_CONTENT_PARTS} content parts`,
      content.length,
    );
  }
}

function checkPartString(part: JsonObject, key: 'text' | 'refusal', index: number, partIndex: number): void {
  const value = part[key];
  if (typeof value === 'string') return;
  if (value === undefined || value === null) throw missingParameter(partParam(index, partIndex, key));
  throw invalidValue(partParam(index, partIndex, key), 'a string', value);
}

function invalidPartType(
  index: number,
  partIndex: number,
  expected: string,
  type: unknown,
): InvalidRequestError {
  if (type === undefined || type === null) return missingParameter(partParam(index, partIndex, 'type'));
  return invalidValue(partParam(index, partIndex, 'type'), expected, type);
}

/** Content of system, developer and tool messages (text parts only), and of assistant messages (plus refusal). */
export function checkTextContent(content: unknown, index: number, allowRefusal: boolean): void {
  if (typeof content === 'string') return;
  const partKinds = allowRefusal ? 'text or refusal parts' : 'text parts';
  if (!Array.isArray(content)) {
    throw invalidValue(messageParam(index, 'content'), `a string or an array of ${partKinds}`, content);
  }
  checkPartCount(content, index);
  for (let partIndex = 0; partIndex < content.length; partIndex++) {
    const part: unknown = content[partIndex];
    if (!isJsonObject(part)) throw invalidValue(partParam(index, partIndex), 'a content part object', part);
    if (part.type === 'text') checkPartString(part, 'text', index, partIndex);
    else if (allowRefusal && part.type === 'refusal') checkPartString(part, 'refusal', index, partIndex);
    else throw invalidPartType(index, partIndex, allowRefusal ? "'text' or 'refusal'" : "'text'", part.type);
  }
}

export function checkUserContent(content: unknown, index: number): void {
  if (typeof content === 'string') return;
  if (!Array.isArray(content)) {
    throw invalidValue(messageParam(index, 'content'), 'a string or an array of content parts', content);
  }
  checkPartCount(content, index);
  for (let partIndex = 0; partIndex < content.length; partIndex++) {
    const part: unknown = content[partIndex];
    if (!isJsonObject(part)) throw invalidValue(partParam(index, partIndex), 'a content part object', part);
    switch (part.type) {
      case 'text':
        checkPartString(part, 'text', index, partIndex);
        break;
      case 'image_url':
        checkImagePart(part, partParam(index, partIndex));
        break;
      case 'input_audio':
        checkAudioPart(part, partParam(index, partIndex));
        break;
      case 'file':
        checkFilePart(part, partParam(index, partIndex));
        break;
      default:
        throw invalidPartType(index, partIndex, "'text', 'image_url', 'input_audio' or 'file'", part.type);
    }
  }
}

// Media parts are rare and heavy, so building their param path up front costs nothing that matters.

function checkImagePart(part: JsonObject, path: string): void {
  const image = part.image_url;
  if (image === undefined || image === null) throw missingParameter(`${path}.image_url`);
  if (!isJsonObject(image)) throw invalidValue(`${path}.image_url`, "an object with a 'url'", image);
  if (!isNonEmptyString(image.url)) {
    if (image.url === undefined || image.url === null) throw missingParameter(`${path}.image_url.url`);
    throw invalidValue(`${path}.image_url.url`, 'a non-empty string', image.url);
  }
  const detail = image.detail;
  if (detail === null) delete image.detail;
  else if (detail !== undefined && detail !== 'auto' && detail !== 'low' && detail !== 'high') {
    throw invalidValue(`${path}.image_url.detail`, "'auto', 'low' or 'high'", detail);
  }
}

function checkAudioPart(part: JsonObject, path: string): void {
  const audio = part.input_audio;
  if (audio === undefined || audio === null) throw missingParameter(`${path}.input_audio`);
  if (!isJsonObject(audio))
    throw invalidValue(`${path}.input_audio`, "an object with 'data' and 'format'", audio);
  for (const key of ['data', 'format'] as const) {
    const value = audio[key];
    if (isNonEmptyString(value)) continue;
    if (value === undefined || value === null) throw missingParameter(`${path}.input_audio.${key}`);
    throw invalidValue(`${path}.input_audio.${key}`, 'a non-empty string', value);
  }
}

function checkFilePart(part: JsonObject, path: string): void {
  const file = part.file;
  if (file === undefined || file === null) throw missingParameter(`${path}.file`);
  if (!isJsonObject(file))
    throw invalidValue(`${path}.file`, "an object with 'file_id' or 'file_data'", file);
  const prefix = `${path}.file.`;
  checkOptionalString(file, 'file_id', prefix);
  checkOptionalString(file, 'file_data', prefix);
  checkOptionalString(file, 'filename', prefix);
  if (file.file_id === undefined && file.file_data === undefined) {
    throw new InvalidRequestError(
      `Invalid value for '${path}.file': expected 'file_id' or 'file_data'.`,
      `${path}.file`,
    );
  }
}
