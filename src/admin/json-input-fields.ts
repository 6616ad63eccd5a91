import { InvalidRequestError } from '../api/gateway-error.js';
import { parseMicros } from '../api/money.js';
import { describeValue, isJsonObject, type JsonObject } from '../api/validation-helpers.js';
import type { TeamMemberRole } from '../store/store-types.js';
import { parseTimeText } from './query-params.js';
import {
  MAX_MODEL_ID_LENGTH,
  MEMBER_HELP,
  MEMBER_PATTERN,
  TEAM_MEMBER_ROLES,
  TENANCY_NAME_HELP,
  TENANCY_NAME_PATTERN,
} from './tenancy-rules.js';

/** Readers of single JSON values in admin request bodies; each failure is a 400 naming the field in `param`. */

const MEMBER_ROLES: readonly string[] = TEAM_MEMBER_ROLES;

export function readName(value: unknown, param: string): string {
  const name = typeof value === 'string' ? value.trim() : value;
  if (typeof name !== 'string' || name.length > 64 || !TENANCY_NAME_PATTERN.test(name)) {
    throw new InvalidRequestError(`\`${param}\` must be ${TENANCY_NAME_HELP}.`, param);
  }
  return name;
}

export function readMember(value: unknown, param: string): string {
  if (typeof value !== 'string' || value.length > 1_000 || !MEMBER_PATTERN.test(value)) {
    throw new InvalidRequestError(`\`${param}\` must be ${MEMBER_HELP}.`, param);
  }
  return value;
}

export function readRole(value: unknown, param: string): TeamMemberRole {
  if (typeof value !== 'string' || !MEMBER_ROLES.includes(value)) {
    throw new InvalidRequestError(`\`${param}\` must be one of ${MEMBER_ROLES.join(', ')}.`, param);
  }
  return value as TeamMemberRole;
}

/** A JSON number or decimal string of the currency, at most 6 decimals, never negative. */
export function readMoney(value: unknown, param: string): number {
  const micros = parseMicros(value);
  if (micros === null) {
    throw new InvalidRequestError(
      `\`${param}\` must be a non-negative amount with at most 6 decimals (a number or a decimal string), got ${describeValue(value)}.`,
      param,
    );
  }
  return micros;
}

export function readModelId(value: unknown, param: string): string {
  if (
    typeof value !== 'string' ||
    value.length === 0 ||
    value.length > MAX_MODEL_ID_LENGTH ||
    /[\s\p{Cc}]/u.test(value)
  ) {
    throw new InvalidRequestError(
      `\`${param}\` must be a model id of 1-${MAX_MODEL_ID_LENGTH} characters without spaces.`,
      param,
    );
  }
  return value;
}

/** The body as an object with only the allowed fields (an absent body is an empty object). */
export function readBody(body: unknown, allowed: readonly string[]): JsonObject {
  if (body === undefined || body === null) return {};
  if (!isJsonObject(body)) throw new InvalidRequestError('The request body must be a JSON object.');
  for (const field of Object.keys(body)) {
    if (!allowed.includes(field)) {
      throw new InvalidRequestError(
        `Unknown field '${field.slice(0, 64)}' (allowed: ${allowed.join(', ')}).`,
        field.slice(0, 64),
      );
    }
  }
  return body;
}

/** An ISO 8601 time with a time zone, or Unix milliseconds as a number or digits. */
export function readTime(value: unknown, param: string): number {
  const ms =
    typeof value === 'number' ? value : typeof value === 'string' ? parseTimeText(value.trim()) : null;
  if (ms === null || !Number.isSafeInteger(ms) || ms < 0) {
    throw new InvalidRequestError(
      `\`${param}\` must be an ISO 8601 time with a time zone, or Unix milliseconds, or null.`,
      param,
    );
  }
  return ms;
}

export function readNested(object: JsonObject, allowed: readonly string[], parent: string): JsonObject {
  for (const field of Object.keys(object)) {
    if (!allowed.includes(field)) {
      throw new InvalidRequestError(
        `Unknown field '${parent}.${field.slice(0, 64)}' (allowed: ${allowed.join(', ')}).`,
        `${parent}.${field.slice(0, 64)}`,
      );
    }
  }
  return object;
}
