/**
 * Hand-written validation of `POST /v1/chat/completions` bodies (API-CONTRACT.md §2).
 * It runs on every request, so it checks the parsed body in place instead of cloning it: explicit
 * nulls of optional fields are deleted ("null means not given") and unknown fields are kept for upstreams.
 */
import type { ChatRequest } from './chat-types.js';
import { InvalidRequestError } from './gateway-error.js';
import { validateMessages } from './validate-chat-messages.js';
import { validateToolChoice, validateTools } from './validate-chat-tools.js';
import {
  checkOptionalBoolean,
  checkOptionalNumber,
  checkOptionalObject,
  checkOptionalString,
  describeValue,
  invalidCount,
  invalidValue,
  isJsonObject,
  isValidName,
  type JsonObject,
  missingParameter,
  NAME_EXPECTATION,
} from './validation-helpers.js';

export { MAX_CONTENT_PARTS } from './validate-chat-content.js';
export { MAX_MESSAGES, MAX_TOOL_CALLS } from './validate-chat-messages.js';
export { MAX_TOOLS } from './validate-chat-tools.js';

export const MAX_MODEL_LENGTH = 256;
export const MAX_USER_LENGTH = 256;
export const MAX_CHOICES = 128;
export const MAX_STOP_SEQUENCES = 4;
export const MAX_LOGIT_BIAS_ENTRIES = 300;
export const MAX_TOP_LOGPROBS = 20;

const INFINITY = Number.POSITIVE_INFINITY;

/**
 * Checks a parsed JSON body and returns the same object typed as a ChatRequest.
 * @throws InvalidRequestError (400) naming the offending field in `param`.
 */
export function validateChatRequest(body: unknown): ChatRequest {
  if (!isJsonObject(body)) {
    throw new InvalidRequestError('The request body must be a JSON object.', null);
  }
  const request = body;
  rejectLegacyFunctions(request, 'functions');
  rejectLegacyFunctions(request, 'function_call');
  validateModel(request.model);
  validateMessages(request.messages);
  checkOptionalNumber(request, 'max_completion_tokens', 1, INFINITY, true);
  checkOptionalNumber(request, 'max_tokens', 1, INFINITY, true);
  checkOptionalNumber(request, 'temperature', 0, 2, false);
  checkOptionalNumber(request, 'top_p', 0, 1, false);
  checkOptionalNumber(request, 'n', 1, MAX_CHOICES, true);
  checkOptionalBoolean(request, 'stream');
  validateStreamOptions(request);
  validateStop(request);
  checkOptionalNumber(request, 'seed', Number.NEGATIVE_INFINITY, INFINITY, true);
  checkOptionalNumber(request, 'presence_penalty', -2, 2, false);
  checkOptionalNumber(request, 'frequency_penalty', -2, 2, false);
  validateLogitBias(request);
  checkOptionalBoolean(request, 'logprobs');
  validateTopLogprobs(request);
  validateResponseFormat(request);
  validateToolChoice(request, validateTools(request));
  checkOptionalBoolean(request, 'parallel_tool_calls');
  checkOptionalString(request, 'user', '', MAX_USER_LENGTH);
  return request as ChatRequest;
}

// The deprecated function-calling API is out of scope (contract §2); say what replaces it.
function rejectLegacyFunctions(request: JsonObject, key: 'functions' | 'function_call'): void {
  const value = request[key];
  if (value === undefined) return;
  if (value === null) {
    delete request[key];
    return;
  }
  throw new InvalidRequestError(
    `The '${key}' parameter is deprecated and not supported; use 'tools' and 'tool_choice' instead.`,
    key,
  );
}

export function validateModel(model: unknown): void {
  if (model === undefined || model === null) throw missingParameter('model');
  if (typeof model !== 'string' || model.length === 0 || model.length > MAX_MODEL_LENGTH) {
    throw invalidValue('model', `a non-empty string of at most ${MAX_MODEL_LENGTH} characters`, model);
  }
}

function validateStreamOptions(request: JsonObject): void {
  const options = request.stream_options;
  if (options === undefined) return;
  if (options === null) {
    delete request.stream_options;
    return;
  }
  if (!isJsonObject(options)) throw invalidValue('stream_options', 'an object', options);
  // OpenAI rejects stream_options on non-stream requests too (contract §2).
  if (request.stream !== true) {
    throw new InvalidRequestError(
      "Invalid value for 'stream_options': it is only allowed when 'stream' is true.",
      'stream_options',
    );
  }
  checkOptionalBoolean(options, 'include_usage', 'stream_options.');
  checkOptionalBoolean(options, 'include_obfuscation', 'stream_options.');
}

function validateStop(request: JsonObject): void {
  const stop = request.stop;
  if (stop === undefined || typeof stop === 'string') return;
  if (stop === null) {
    delete request.stop;
    return;
  }
  const expected = `a string or an array of 1 to ${MAX_STOP_SEQUENCES} strings`;
  if (!Array.isArray(stop)) throw invalidValue('stop', expected, stop);
  if (stop.length === 0 || stop.length > MAX_STOP_SEQUENCES)
    throw invalidCount('stop', expected, stop.length);
  for (let index = 0; index < stop.length; index++) {
    if (typeof stop[index] !== 'string') throw invalidValue(`stop[${index}]`, 'a string', stop[index]);
  }
}

function validateLogitBias(request: JsonObject): void {
  const bias = request.logit_bias;
  if (bias === undefined) return;
  if (bias === null) {
    delete request.logit_bias;
    return;
  }
  if (!isJsonObject(bias)) {
    throw invalidValue('logit_bias', 'an object mapping token ids to integers between -100 and 100', bias);
  }
  const tokens = Object.keys(bias);
  if (tokens.length > MAX_LOGIT_BIAS_ENTRIES) {
    throw invalidCount('logit_bias', `at most ${MAX_LOGIT_BIAS_ENTRIES} entries`, tokens.length);
  }
  for (const token of tokens) {
    const value = bias[token];
    if (typeof value !== 'number' || !Number.isInteger(value) || value < -100 || value > 100) {
      const expected = `an integer between -100 and 100 for token ${describeValue(token)}`;
      throw invalidValue('logit_bias', expected, value);
    }
  }
}

function validateTopLogprobs(request: JsonObject): void {
  checkOptionalNumber(request, 'top_logprobs', 0, MAX_TOP_LOGPROBS, true);
  if (request.top_logprobs !== undefined && request.logprobs !== true) {
    throw new InvalidRequestError(
      "Invalid value for 'top_logprobs': it requires 'logprobs' to be true.",
      'top_logprobs',
    );
  }
}

function validateResponseFormat(request: JsonObject): void {
  const format = request.response_format;
  if (format === undefined) return;
  if (format === null) {
    delete request.response_format;
    return;
  }
  if (!isJsonObject(format)) throw invalidValue('response_format', "an object with a 'type'", format);
  const type = format.type;
  if (type === 'text' || type === 'json_object') return;
  if (type !== 'json_schema') {
    if (type === undefined || type === null) throw missingParameter('response_format.type');
    throw invalidValue('response_format.type', "'text', 'json_object' or 'json_schema'", type);
  }
  const jsonSchema = format.json_schema;
  if (jsonSchema === undefined || jsonSchema === null) throw missingParameter('response_format.json_schema');
  if (!isJsonObject(jsonSchema)) {
    throw invalidValue('response_format.json_schema', "an object with a 'name'", jsonSchema);
  }
  const name = jsonSchema.name;
  if (!isValidName(name)) {
    if (name === undefined || name === null) throw missingParameter('response_format.json_schema.name');
    throw invalidValue('response_format.json_schema.name', NAME_EXPECTATION, name);
  }
  const prefix = 'response_format.json_schema.';
  checkOptionalObject(jsonSchema, 'schema', prefix);
  checkOptionalBoolean(jsonSchema, 'strict', prefix);
  checkOptionalString(jsonSchema, 'description', prefix);
}
