import { ConfigError } from './config-error.js';
import { type Environment, interpolateEnv } from './interpolate-env.js';

/** Where a value sits, so every error can name the file and the path inside it. */
export interface Field {
  /** The file as the user named it. */
  readonly source: string;
  /** e.g. `channels[0].base_url`; '' for the top level. */
  readonly path: string;
  readonly env: Environment;
}

const PLAIN_KEY = /^[A-Za-z0-9_-]+$/;

export function childField(parent: Field, key: string | number): Field {
  let segment: string;
  if (typeof key === 'number') segment = `[${key}]`;
  else if (!PLAIN_KEY.test(key)) segment = `[${JSON.stringify(key)}]`;
  else segment = parent.path === '' ? key : `.${key}`;
  return { ...parent, path: parent.path + segment };
}

export function failAt(field: Field, problem: string): never {
  throw new ConfigError(field.source, field.path, problem);
}

/** Short description of a value for "got ..." messages; long strings are cut so a pasted blob stays readable. */
export function describeValue(value: unknown): string {
  if (value === null || value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') {
    return JSON.stringify(value.length > 80 ? `${value.slice(0, 77)}...` : value);
  }
  return String(value);
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A mapping whose keys must all be known: a typo such as `base-url` must not silently fall back to a default. */
export function readMapping(
  value: unknown,
  field: Field,
  allowedKeys: readonly string[],
): Record<string, unknown> {
  if (!isMapping(value)) failAt(field, `expected a mapping, got ${describeValue(value)}`);
  const unknownKeys = Object.keys(value).filter((key) => !allowedKeys.includes(key));
  if (unknownKeys.length > 0) {
    const names = unknownKeys.map((key) => JSON.stringify(key)).join(', ');
    failAt(
      field,
      `unknown key${unknownKeys.length > 1 ? 's' : ''} ${names} (allowed: ${allowedKeys.join(', ')})`,
    );
  }
  return value;
}

/** Like readMapping, but an absent or empty section (`server:`) means "all defaults". */
export function readOptionalMapping(
  value: unknown,
  field: Field,
  allowedKeys: readonly string[],
): Record<string, unknown> {
  return value === null || value === undefined ? {} : readMapping(value, field, allowedKeys);
}

/** A string scalar with `${ENV}` references expanded; null when absent. */
export function readString(value: unknown, field: Field): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value !== 'string') {
    const hint = typeof value === 'number' || typeof value === 'boolean' ? ` (quote it: "${value}")` : '';
    failAt(field, `expected a string, got ${describeValue(value)}${hint}`);
  }
  const result = interpolateEnv(value, field.env);
  if (!result.ok) failAt(field, result.problem);
  return result.value;
}

export function requireString(value: unknown, field: Field): string {
  const text = readString(value, field);
  if (text === null) failAt(field, 'is required');
  return text;
}

/** An integer in [min, max]; a string of digits is accepted too, so `port: ${PORT:-8080}` works. */
export function readInteger(value: unknown, field: Field, min: number, max: number): number | null {
  if (value === null || value === undefined) return null;
  let number: number | null = null;
  let shown: unknown = value;
  if (typeof value === 'number') {
    number = value;
  } else if (typeof value === 'string') {
    shown = readString(value, field);
    if (typeof shown === 'string' && /^\d{1,15}$/.test(shown)) number = Number(shown);
  }
  if (number === null || !Number.isSafeInteger(number) || number < min || number > max) {
    failAt(field, `expected an integer from ${min} to ${max}, got ${describeValue(shown)}`);
  }
  return number;
}

export function readList(value: unknown, field: Field): unknown[] | null {
  if (value === null || value === undefined) return null;
  if (!Array.isArray(value)) failAt(field, `expected a list, got ${describeValue(value)}`);
  return value;
}

/**
 * Refuses a value that stood earlier in the same list: `problem` words the refusal from the index where it
 * first stood ("... (also teams[0])"); otherwise the value is remembered at `index`.
 */
export type DuplicateCheck = (
  value: string,
  index: number,
  field: Field,
  problem: (firstIndex: number) => string,
) => void;

export function createDuplicateCheck(): DuplicateCheck {
  const firstIndexByValue = new Map<string, number>();
  return (value, index, field, problem) => {
    const firstIndex = firstIndexByValue.get(value);
    if (firstIndex !== undefined) failAt(field, problem(firstIndex));
    firstIndexByValue.set(value, index);
  };
}

/**
 * `channels:`, `teams:`, `keys:`: a list (empty when absent) of sections with distinct names; `what` names
 * one in the duplicate message ("channel"). `checkItem` adds checks of its own, after the name's.
 */
export function readNamedList<T extends { name: string }>(
  value: unknown,
  field: Field,
  what: string,
  parseItem: (item: unknown, itemField: Field) => T,
  checkItem?: (parsed: T, itemField: Field, index: number) => void,
): T[] {
  const items = readList(value, field) ?? [];
  const checkName = createDuplicateCheck();
  return items.map((item, index) => {
    const itemField = childField(field, index);
    const parsed = parseItem(item, itemField);
    checkName(
      parsed.name,
      index,
      childField(itemField, 'name'),
      (firstIndex) =>
        `duplicate ${what} name ${JSON.stringify(parsed.name)} (also ${childField(field, firstIndex).path})`,
    );
    checkItem?.(parsed, itemField, index);
    return parsed;
  });
}

/** A list of distinct, non-empty strings; `what` names an item in the duplicate message ("model"). */
export function readUniqueStringList(value: unknown, field: Field, what: string): string[] | null {
  const items = readList(value, field);
  if (items === null) return null;
  const seen = new Set<string>();
  return items.map((item, index) => {
    const itemField = childField(field, index);
    const text = requireString(item, itemField);
    if (text === '') failAt(itemField, `${what} must not be empty`);
    if (seen.has(text)) failAt(itemField, `duplicate ${what} ${JSON.stringify(text)}`);
    seen.add(text);
    return text;
  });
}

/** The entries of a free-form mapping whose keys are data (model ids), not field names; [] when absent. */
export function readEntries(value: unknown, field: Field): [string, unknown][] {
  if (value === null || value === undefined) return [];
  if (!isMapping(value)) failAt(field, `expected a mapping, got ${describeValue(value)}`);
  return Object.entries(value);
}

/** A free-form mapping of string to string (headers, model_map). */
export function readStringRecord(value: unknown, field: Field): Record<string, string> {
  return Object.fromEntries(
    readEntries(value, field).map(([key, item]) => [key, requireString(item, childField(field, key))]),
  );
}

/** true or false; the strings "true" and "false" are accepted too, so `trust_proxy: ${TRUST:-false}` works. */
export function readBoolean(value: unknown, field: Field): boolean | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'boolean') return value;
  const text = typeof value === 'string' ? readString(value, field) : value;
  if (text === 'true') return true;
  if (text === 'false') return false;
  failAt(field, `expected true or false, got ${describeValue(text)}`);
}
