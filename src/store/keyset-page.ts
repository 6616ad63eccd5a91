import { type RawBuilder, type SelectQueryBuilder, type SqlBool, sql } from 'kysely';
import { InvalidRequestError } from '../api/gateway-error.js';

// Usage, ledger and audit pages are newest first, ordered by (created_at desc, id desc). A cursor is the
// sort key of the last row of a page and the next page starts strictly after it, so rows written while a
// client pages (always newer) never shift or repeat what it sees.

export interface KeysetCursor {
  createdAtMs: number;
  id: string;
}

export interface KeysetPage<T> {
  data: T[];
  nextCursor: string | null;
}

/** What a page asks for: both come from clients of the admin API. */
export interface KeysetPageRequest {
  limit?: number;
  cursor?: string;
}

/** How a table's rows are ordered and read: `created_at` then `idColumn`, both descending. */
export interface KeysetOrder<Row, T extends { createdAtMs: number }> {
  idColumn: string;
  toItem: (row: Row) => T;
  /** The item's value of `idColumn`, for the next cursor. */
  idOf: (item: T) => string;
}

const DEFAULT_PAGE_SIZE = 100;
const MAX_PAGE_SIZE = 1000;

export function encodeKeysetCursor(cursor: KeysetCursor): string {
  return Buffer.from(JSON.stringify([cursor.createdAtMs, cursor.id]), 'utf8').toString('base64url');
}

/** Throws InvalidRequestError (param `cursor`): cursors come from clients of the admin API. */
export function decodeKeysetCursor(text: string): KeysetCursor {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    parsed = undefined;
  }
  if (
    Array.isArray(parsed) &&
    parsed.length === 2 &&
    Number.isSafeInteger(parsed[0]) &&
    typeof parsed[1] === 'string'
  ) {
    return { createdAtMs: parsed[0], id: parsed[1] };
  }
  throw new InvalidRequestError('The cursor is not valid; pass nextCursor from a previous page.', 'cursor');
}

/** Page size 1..1000, 100 when absent. */
export function clampPageSize(limit: number | undefined): number {
  if (limit === undefined || !Number.isFinite(limit)) return DEFAULT_PAGE_SIZE;
  return Math.min(MAX_PAGE_SIZE, Math.max(1, Math.trunc(limit)));
}

/** Rows after the cursor in (created_at desc, id desc) order; column names are ours, values are bound. */
export function isAfterKeysetCursor(
  createdAtColumn: string,
  idColumn: string,
  cursor: KeysetCursor,
): RawBuilder<SqlBool> {
  const createdAt = sql.ref(createdAtColumn);
  return sql<SqlBool>`(${createdAt} < ${cursor.createdAtMs} or (${createdAt} = ${cursor.createdAtMs} and ${sql.ref(idColumn)} < ${cursor.id}))`;
}

/**
 * One page of `rows` (a table with its filters already applied), newest first: the rows after the
 * request's cursor, `limit + 1` of them so the extra one says whether a next page exists.
 */
export async function selectKeysetPage<DB, TB extends keyof DB, Row, T extends { createdAtMs: number }>(
  rows: SelectQueryBuilder<DB, TB, Row>,
  request: KeysetPageRequest,
  order: KeysetOrder<Row, T>,
): Promise<KeysetPage<T>> {
  const limit = clampPageSize(request.limit);
  const cursor = request.cursor === undefined ? null : decodeKeysetCursor(request.cursor);
  const afterCursor =
    cursor === null ? rows : rows.where(isAfterKeysetCursor('created_at', order.idColumn, cursor));
  const page = await afterCursor
    .orderBy(sql.ref('created_at'), 'desc')
    .orderBy(sql.ref(order.idColumn), 'desc')
    .limit(limit + 1)
    .execute();
  return toKeysetPage(page, limit, order.toItem, (item) => ({
    createdAtMs: item.createdAtMs,
    id: order.idOf(item),
  }));
}

/** `rows` were fetched with `limit + 1`: the extra row only says whether another page exists. */
export function toKeysetPage<Row, T>(
  rows: readonly Row[],
  limit: number,
  map: (row: Row) => T,
  keyOf: (item: T) => KeysetCursor,
): KeysetPage<T> {
  const data = rows.slice(0, limit).map(map);
  const last = data.at(-1);
  const nextCursor = rows.length > limit && last !== undefined ? encodeKeysetCursor(keyOf(last)) : null;
  return { data, nextCursor };
}
