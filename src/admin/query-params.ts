import { InvalidRequestError } from '../api/gateway-error.js';

/** Query strings as Fastify parses them: a repeated parameter arrives as an array, which we refuse. */
export type QueryObject = Record<string, unknown>;

/** A single, non-empty value of at most 256 characters, or undefined when absent or empty. */
export function readQueryText(query: QueryObject, name: string): string | undefined {
  const value = query[name];
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string' || value.length > 256)
    throw new InvalidRequestError(`Invalid '${name}'.`, name);
  return value;
}

/** An ISO 8601 time or Unix milliseconds. */
export function readQueryTime(query: QueryObject, name: string): number | undefined {
  const value = readQueryText(query, name);
  if (value === undefined) return undefined;
  const ms = parseTimeText(value);
  if (ms === null) {
    throw new InvalidRequestError(
      `'${name}' must be an ISO 8601 time with a time zone (or a date), or Unix milliseconds.`,
      name,
    );
  }
  return ms;
}

// A date-time without `Z` or an offset is read in the server's own zone by Date.parse; refuse it, as the
// config does, so the same text means the same instant on every server.
const ZONELESS_TIME = /\d[Tt ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?$/;

/** Unix milliseconds (digits only) or an ISO 8601 date / date-time with a zone; null otherwise. */
export function parseTimeText(text: string): number | null {
  if (/^\d{1,15}$/.test(text)) return Number(text);
  if (text.length > 64 || ZONELESS_TIME.test(text)) return null;
  const ms = Date.parse(text);
  return Number.isFinite(ms) ? ms : null;
}

/** `limit` for paged lists: 1..1000. */
export function readQueryLimit(query: QueryObject): number | undefined {
  const value = readQueryText(query, 'limit');
  if (value === undefined) return undefined;
  const limit = Number(value);
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) {
    throw new InvalidRequestError("'limit' must be an integer from 1 to 1000.", 'limit');
  }
  return limit;
}

/**
 * The text parameters that are present, under the caller's field names: `{ keyId: 'key_id' }` reads
 * `key_id` into `keyId`. Read in the order named, so the first bad one is the one refused.
 */
export function readQueryTexts<Field extends string>(
  query: QueryObject,
  names: Readonly<Record<Field, string>>,
): Partial<Record<Field, string>> {
  const result: Partial<Record<Field, string>> = {};
  for (const field of Object.keys(names) as Field[]) {
    const value = readQueryText(query, names[field]);
    if (value !== undefined) result[field] = value;
  }
  return result;
}

/** `from` and `to` of a [from, to) time filter, each only when present. */
export function readQueryTimeRange(query: QueryObject): { fromMs?: number; toMs?: number } {
  const range: { fromMs?: number; toMs?: number } = {};
  const fromMs = readQueryTime(query, 'from');
  if (fromMs !== undefined) range.fromMs = fromMs;
  const toMs = readQueryTime(query, 'to');
  if (toMs !== undefined) range.toMs = toMs;
  return range;
}

/** `limit` and `cursor` of a paged list, each only when present. */
export function readQueryPage(query: QueryObject): { limit?: number; cursor?: string } {
  const page: { limit?: number; cursor?: string } = {};
  const limit = readQueryLimit(query);
  if (limit !== undefined) page.limit = limit;
  const cursor = readQueryText(query, 'cursor');
  if (cursor !== undefined) page.cursor = cursor;
  return page;
}

export function readQueryBoolean(query: QueryObject, name: string): boolean {
  const value = readQueryText(query, name);
  if (value === undefined || value === 'false') return false;
  if (value === 'true') return true;
  throw new InvalidRequestError(`'${name}' must be true or false.`, name);
}

export function readQueryEnum<T extends string>(
  query: QueryObject,
  name: string,
  allowed: readonly T[],
): T | undefined {
  const value = readQueryText(query, name);
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value)) {
    throw new InvalidRequestError(`'${name}' must be one of ${allowed.join(', ')}.`, name);
  }
  return value as T;
}

/** `format=json|csv` of the exportable lists. */
export function readQueryFormat(query: QueryObject): 'json' | 'csv' {
  return readQueryEnum(query, 'format', ['json', 'csv'] as const) ?? 'json';
}
