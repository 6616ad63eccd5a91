/**
 * Validation of `POST /v1/embeddings` bodies, in place like validateChatRequest: explicit nulls of
 * optional fields are deleted and unknown fields are kept for upstreams.
 * @see https://platform.openai.com/docs/api-reference/embeddings/create
 */
import type { EmbeddingRequest } from './embedding-types.js';
import { InvalidRequestError } from './gateway-error.js';
import { MAX_USER_LENGTH, validateModel } from './validate-chat-request.js';
import {
  checkOptionalNumber,
  checkOptionalString,
  invalidCount,
  invalidValue,
  isJsonObject,
  missingParameter,
} from './validation-helpers.js';

/** OpenAI's limit on inputs in one request. */
export const MAX_EMBEDDING_INPUTS = 2048;

const INPUT_EXPECTATION =
  'a non-empty string, an array of non-empty strings, an array of token ids or an array of token id arrays';

/**
 * Checks a parsed JSON body and returns the same object typed as an EmbeddingRequest.
 * @throws InvalidRequestError (400) naming the offending field in `param`.
 */
export function validateEmbeddingRequest(body: unknown): EmbeddingRequest {
  if (!isJsonObject(body)) throw new InvalidRequestError('The request body must be a JSON object.', null);
  validateModel(body.model);
  validateInput(body.input);
  validateEncodingFormat(body);
  checkOptionalNumber(body, 'dimensions', 1, Number.POSITIVE_INFINITY, true);
  checkOptionalString(body, 'user', '', MAX_USER_LENGTH);
  return body as EmbeddingRequest;
}

function validateInput(input: unknown): void {
  if (input === undefined || input === null) throw missingParameter('input');
  if (typeof input === 'string') {
    if (input.length === 0) throw emptyString('input');
    return;
  }
  if (!Array.isArray(input)) throw invalidValue('input', INPUT_EXPECTATION, input);
  if (input.length === 0) throw invalidCount('input', INPUT_EXPECTATION, 0);
  const first = input[0];
  if (typeof first === 'number') {
    // One token array: a single input, however long.
    checkTokenIds(input, 'input');
    return;
  }
  if (input.length > MAX_EMBEDDING_INPUTS) {
    throw invalidCount('input', `at most ${MAX_EMBEDDING_INPUTS} inputs`, input.length);
  }
  if (typeof first === 'string') {
    for (let index = 0; index < input.length; index++) {
      const item = input[index];
      if (typeof item !== 'string') throw invalidValue(`input[${index}]`, 'a string, like the others', item);
      if (item.length === 0) throw emptyString(`input[${index}]`);
    }
    return;
  }
  if (!Array.isArray(first))
    throw invalidValue('input[0]', 'a non-empty string or an array of token ids', first);
  for (let index = 0; index < input.length; index++) {
    const item = input[index];
    if (!Array.isArray(item)) throw invalidValue(`input[${index}]`, 'an array of token ids', item);
    if (item.length === 0) throw invalidCount(`input[${index}]`, 'a non-empty array of token ids', 0);
    checkTokenIds(item, `input[${index}]`);
  }
}

function checkTokenIds(tokens: unknown[], param: string): void {
  for (let index = 0; index < tokens.length; index++) {
    const token = tokens[index];
    if (typeof token !== 'number' || !Number.isInteger(token) || token < 0 || token > 0x7fffffff) {
      throw invalidValue(`${param}[${index}]`, 'a token id (a non-negative integer)', token);
    }
  }
}

function emptyString(param: string): InvalidRequestError {
  return new InvalidRequestError(
    `Invalid value for '${param}': an input must not be an empty string.`,
    param,
  );
}

function validateEncodingFormat(request: Record<string, unknown>): void {
  const format = request.encoding_format;
  if (format === undefined || format === 'float' || format === 'base64') return;
  if (format === null) {
    delete request.encoding_format;
    return;
  }
  throw invalidValue('encoding_format', "'float' or 'base64'", format);
}
