import { InvalidRequestError } from './gateway-error.js';

/** A parsed JSON object whose fields the validators check and narrow in place. */
export type JsonObject = Record<string, unknown>;

// Echoed values are cut short so a multi-megabyte string never lands in an error body or a log line.
const MAX_ECHOED_CHARS = 50;

/** Tool, function and json_schema names: OpenAI's `^[a-zA-Z0-9_-]{1,64}$`. */
const NAME_PATTERN = /^[a-zA-Z0-9_-]{1,64}$/;
export const NAME_EXPECTATION = 'a name of 1 to 64 characters from a-z, A-Z, 0-9, _ and -';

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function isValidName(value: unknown): value is string {
  // The length check first keeps the regex off huge strings.
  return typeof value === 'string' && value.length <= 64 && NAME_PATTERN.test(value);
}

export function isNonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0;
}

/** A short, safe rendering of a client value for error messages. */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') {
    return JSON.stringify(value.length > MAX_ECHOED_CHARS ? `${value.slice(0, MAX_ECHOED_CHARS)}...` : value);
  }
  if (value === null) return 'null';
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  return String(value);
}

export function invalidValue(param: string, expected: string, value: unknown): InvalidRequestError {
  return new InvalidRequestError(
    `Invalid value for '${param}': expected ${expected}, got ${describeValue(value)}.`,
    param,
  );
}

export function invalidCount(param: string, expected: string, count: number): InvalidRequestError {
  return new InvalidRequestError(
    `Invalid value for '${param}': expected ${expected}, got ${count} ${count === 1 ? 'item' : 'items'}.`,
    param,
  );
}

export function missingParameter(param: string): InvalidRequestError {
  return new InvalidRequestError(`Missing required parameter: '${param}'.`, param);
}

function describeRange(min: number, max: number, integer: boolean): string {
  const kind = integer ? 'an integer' : 'a number';
  if (min === Number.NEGATIVE_INFINITY && max === Number.POSITIVE_INFINITY) return kind;
  if (max === Number.POSITIVE_INFINITY) return `${kind} of at least ${min}`;
  return `${kind} between ${min} and ${max}`;
}

// The helpers below take the param prefix separately so the full param string is only built on failure.

/** Checks an optional number in [min, max]; an explicit null is deleted ("null means not given"). */
export function checkOptionalNumber(
  object: JsonObject,
  key: string,
  min: number,
  max: number,
  integer: boolean,
  prefix = '',
): void {
  const value = object[key];
  if (value === undefined) return;
  if (value === null) {
    delete object[key];
    return;
  }
  if (
    typeof value !== 'number' ||
    !(integer ? Number.isInteger(value) : Number.isFinite(value)) ||
    value < min ||
    value > max
  ) {
    throw invalidValue(prefix + key, describeRange(min, max, integer), value);
  }
}

export function checkOptionalBoolean(object: JsonObject, key: string, prefix = ''): void {
  const value = object[key];
  if (value === undefined || typeof value === 'boolean') return;
  if (value === null) {
    delete object[key];
    return;
  }
  throw invalidValue(prefix + key, 'a boolean', value);
}

export function checkOptionalString(
  object: JsonObject,
  key: string,
  prefix = '',
  maxLength = Number.POSITIVE_INFINITY,
): void {
  const value = object[key];
  if (value === undefined) return;
  if (value === null) {
    delete object[key];
    return;
  }
  if (typeof value !== 'string' || value.length > maxLength) {
    const expected =
      maxLength === Number.POSITIVE_INFINITY ? 'a string' : `a string of at most ${maxLength} characters`;
    throw invalidValue(prefix + key, expected, value);
  }
}

/** JSON Schema objects are forwarded, not walked: only their outer shape is checked. */
export function checkOptionalObject(object: JsonObject, key: string, prefix = ''): void {
  const value = object[key];
  if (value === undefined || isJsonObject(value)) return;
  if (value === null) {
    delete object[key];
    return;
  }
  throw invalidValue(prefix + key, 'an object', value);
}
